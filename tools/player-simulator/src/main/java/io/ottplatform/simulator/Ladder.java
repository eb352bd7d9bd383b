package io.ottplatform.simulator;

/** The ABR ladder the simulated players switch on (kbps, rendition name). */
public final class Ladder {

  private static final int[] KBPS = {400, 800, 1_200, 2_400, 4_500, 8_000, 16_000};
  private static final String[] NAMES = {"240p", "360p", "480p", "720p", "1080p", "1440p", "2160p"};

  private Ladder() {}

  public static int rungs() {
    return KBPS.length;
  }

  public static int kbps(int rung) {
    return KBPS[rung];
  }

  /** The highest rung whose bitrate does not exceed {@code maxKbps} (at least the lowest). */
  public static int topRung(int maxKbps) {
    int top = 0;
    for (int i = 0; i < KBPS.length; i++) {
      if (KBPS[i] <= maxKbps) {
        top = i;
      }
    }
    return top;
  }

  /** The rendition of a ladder bitrate; bitrates between rungs get the rung below. */
  public static String rendition(int kbps) {
    String name = NAMES[0];
    for (int i = 0; i < KBPS.length; i++) {
      if (KBPS[i] <= kbps) {
        name = NAMES[i];
      }
    }
    return name;
  }
}
