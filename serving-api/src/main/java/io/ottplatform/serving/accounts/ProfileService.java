package io.ottplatform.serving.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ottplatform.serving.accounts.api.ProfileRequest;
import io.ottplatform.serving.accounts.api.ProfileView;
import io.ottplatform.serving.accounts.db.ProfileDao;
import io.ottplatform.serving.accounts.db.ProfileRow;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.common.Ids;
import io.ottplatform.serving.common.MaturityRating;
import java.time.Duration;
import java.util.List;

/**
 * Profiles of an account: a limit per account; kids profiles get a maturity ceiling of at most 10+.
 *
 * <p>{@link #require} runs on every browse, search and title request, so its answers are remembered
 * for {@code cacheTtl}: a profile's account and maturity ceiling never change (there is no update),
 * only deletion does, and a delete on this instance forgets the profile at once; other instances may
 * serve a deleted profile's catalog pages for at most {@code cacheTtl}. Playback does not use this
 * cache: it reads the profile fresh with the rest of the viewer's facts.
 */
public final class ProfileService {

  private record Key(String accountId, String profileId) {}

  private final ProfileDao profiles;
  private final int maxProfiles;
  private final Cache<Key, ProfileRow> known;

  public ProfileService(ProfileDao profiles, int maxProfiles, Duration cacheTtl) {
    this.profiles = profiles;
    this.maxProfiles = maxProfiles;
    this.known = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(100_000).build();
  }

  public ProfileView create(String accountId, ProfileRequest request) {
    MaturityRating ceiling = request.maturityCeiling() == null
        ? (request.kids() ? MaturityRating.KIDS_DEFAULT : MaturityRating.EIGHTEEN)
        : MaturityRating.parse(request.maturityCeiling()).orElseThrow(() -> ApiException.badRequest(
            "invalid_maturity", "unknown maturity rating: " + request.maturityCeiling()));
    if (request.kids() && ceiling.level() > MaturityRating.KIDS_MAX.level()) {
      throw new ApiException(422, "kids_ceiling_too_high",
          "a kids profile allows at most " + MaturityRating.KIDS_MAX.label() + ", not " + ceiling.label());
    }
    ProfileRow row = new ProfileRow(Ids.newId("prof"), accountId, request.name().strip(), request.kids(), ceiling.level());
    return switch (profiles.insert(row, maxProfiles)) {
      case CREATED -> view(row);
      case LIMIT_REACHED -> throw new ApiException(409, "profile_limit",
          "an account has at most " + maxProfiles + " profiles");
      case NAME_TAKEN -> throw new ApiException(409, "profile_name_taken", "a profile with this name exists");
    };
  }

  public List<ProfileView> list(String accountId) {
    return profiles.list(accountId).stream().map(ProfileService::view).toList();
  }

  /** Another account's profile is indistinguishable from a missing one (404), so ids cannot be probed. */
  public ProfileRow require(String accountId, String profileId) {
    ProfileRow row = known.get(new Key(accountId, profileId), k -> profiles.find(accountId, profileId).orElse(null));
    if (row == null) { // absence is not cached: a profile created on another instance is usable at once
      throw ApiException.notFound("profile", profileId);
    }
    return row;
  }

  public void delete(String accountId, String profileId) {
    boolean deleted = profiles.delete(accountId, profileId);
    known.invalidate(new Key(accountId, profileId)); // after the delete, so a concurrent require cannot re-cache it
    if (!deleted) {
      throw ApiException.notFound("profile", profileId);
    }
  }

  public static ProfileView view(ProfileRow row) {
    return new ProfileView(row.id(), row.name(), row.kids(), MaturityRating.ofLevel(row.maturityCeiling()).label());
  }
}
