package io.ottplatform.serving.core;

import io.ottplatform.serving.api.ProfileRequest;
import io.ottplatform.serving.api.ProfileView;
import io.ottplatform.serving.db.ProfileDao;
import io.ottplatform.serving.db.ProfileRow;
import java.util.List;

/** Profiles of an account: a limit per account; kids profiles get a maturity ceiling of at most 10+. */
public final class ProfileService {

  private final ProfileDao profiles;
  private final int maxProfiles;

  public ProfileService(ProfileDao profiles, int maxProfiles) {
    this.profiles = profiles;
    this.maxProfiles = maxProfiles;
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
    return profiles.find(accountId, profileId).orElseThrow(() -> ApiException.notFound("profile", profileId));
  }

  public void delete(String accountId, String profileId) {
    if (!profiles.delete(accountId, profileId)) {
      throw ApiException.notFound("profile", profileId);
    }
  }

  public static ProfileView view(ProfileRow row) {
    return new ProfileView(row.id(), row.name(), row.kids(), MaturityRating.ofLevel(row.maturityCeiling()).label());
  }
}
