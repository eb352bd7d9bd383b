package io.ottplatform.media.keys;

import io.ottplatform.media.origin.TitleIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One small file per title: {@code kid=<hex>} and {@code wrapped=<base64>} (the CENC key and the HLS key, 32
 * bytes, {@link KeyWrapping}). Written to a
 * temporary file and renamed, so a reader never sees half a key; two workers creating the same title's keys at
 * once keep the first (the rename does not replace).
 */
public final class FileKeyStore implements KeyStore {

  private final Path dir;
  private final MasterKey master;
  private final SecureRandom random;

  public FileKeyStore(Path dir, MasterKey master, SecureRandom random) {
    this.dir = dir;
    this.master = master;
    this.random = random;
  }

  @Override
  public synchronized ContentKeys keysFor(String titleId) {
    Optional<ContentKeys> existing = find(titleId);
    if (existing.isPresent()) {
      return existing.get();
    }
    ContentKeys keys = ContentKeys.generate(random);
    String text = "kid=" + keys.kidHex() + "\nwrapped="
        + Base64.getEncoder().encodeToString(KeyWrapping.wrap(master, titleId, keys)) + "\n";
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "." + titleId, ".tmp");
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      try {
        Files.move(tmp, file(titleId), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the keys of title " + titleId + " in " + dir, e);
    }
    return find(titleId).orElseThrow();
  }

  @Override
  public Optional<ContentKeys> find(String titleId) {
    Path file = file(titleId);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      String kid = null;
      String wrapped = null;
      for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        if (line.startsWith("kid=")) {
          kid = line.substring(4).trim();
        } else if (line.startsWith("wrapped=")) {
          wrapped = line.substring(8).trim();
        }
      }
      if (kid == null || wrapped == null) {
        throw new IllegalStateException("the key file " + file + " lacks kid= or wrapped=");
      }
      return Optional.of(KeyWrapping.unwrap(master, titleId, HexFormat.of().parseHex(kid),
          Base64.getDecoder().decode(wrapped)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the key file " + file, e);
    }
  }

  private Path file(String titleId) {
    return dir.resolve(TitleIds.check(titleId) + ".key");
  }
}
