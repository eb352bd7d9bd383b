package io.ottplatform.serving.dashboard.api;

/**
 * One point of a drop-off curve.
 *
 * @param position the share of the title's duration (0, 0.05, ..., 1)
 * @param positionMs that position in the title, when its duration is known
 * @param viewers plays whose furthest position reached {@code position}
 * @param share {@code viewers} over all plays of the curve
 */
public record DropoffPoint(double position, Long positionMs, long viewers, double share) {}
