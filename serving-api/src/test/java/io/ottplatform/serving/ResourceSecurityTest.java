package io.ottplatform.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.serving.accounts.auth.Public;
import io.ottplatform.serving.accounts.resources.AuthResource;
import io.ottplatform.serving.accounts.resources.DeviceGrantResource;
import io.ottplatform.serving.accounts.resources.DeviceResource;
import io.ottplatform.serving.accounts.resources.ProfileResource;
import io.ottplatform.serving.admin.resources.AdminResource;
import io.ottplatform.serving.admin.resources.EditorResource;
import io.ottplatform.serving.catalog.resources.CatalogResource;
import io.ottplatform.serving.common.OpenApiResource;
import io.ottplatform.serving.playback.resources.JwksResource;
import io.ottplatform.serving.playback.resources.KeyResource;
import io.ottplatform.serving.playback.resources.MediaResource;
import io.ottplatform.serving.playback.resources.PlaybackResource;
import io.ottplatform.serving.playback.resources.ProgressResource;
import io.ottplatform.serving.recommendations.resources.RecommendationsResource;
import io.ottplatform.serving.recommendations.resources.SimilarTitlesResource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every endpoint states who may call it: a role, or explicitly public. */
class ResourceSecurityTest {

  private static final List<Class<?>> RESOURCES = List.of(AuthResource.class, AdminResource.class, ProfileResource.class,
      DeviceResource.class, DeviceGrantResource.class, CatalogResource.class, EditorResource.class, PlaybackResource.class, ProgressResource.class,
      MediaResource.class, KeyResource.class, JwksResource.class, OpenApiResource.class,
      RecommendationsResource.class, SimilarTitlesResource.class);

  @Test
  void everyEndpointHasARoleOrIsMarkedPublic() {
    List<String> unmarked = RESOURCES.stream().flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
        .filter(ResourceSecurityTest::isEndpoint)
        .filter(m -> !m.isAnnotationPresent(RolesAllowed.class) && !m.isAnnotationPresent(Public.class))
        .map(m -> m.getDeclaringClass().getSimpleName() + "." + m.getName()).toList();

    assertThat(unmarked).isEmpty();
  }

  @Test
  void editingAndAdministrationNeedMoreThanTheViewerRole() {
    for (Class<?> c : List.of(EditorResource.class, AdminResource.class)) {
      Arrays.stream(c.getDeclaredMethods()).filter(ResourceSecurityTest::isEndpoint).forEach(m ->
          assertThat(m.getAnnotation(RolesAllowed.class).value()).as(m.getName()).doesNotContain("viewer"));
    }
  }

  private static boolean isEndpoint(Method m) {
    return Arrays.stream(m.getAnnotations()).anyMatch(a -> a.annotationType().isAnnotationPresent(HttpMethod.class));
  }
}
