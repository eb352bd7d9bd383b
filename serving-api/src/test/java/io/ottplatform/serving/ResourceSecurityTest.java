package io.ottplatform.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.ottplatform.serving.accounts.auth.Public;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.playback.resources.PlaybackResource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint states who may call it: a role, or explicitly public. The resources are the ones
 * {@link ServingApplication#run} registers with Jersey (its wiring runs here without a server or a
 * database), so a new resource cannot skip this test.
 */
class ResourceSecurityTest {

  private static List<Class<?>> resources;

  @BeforeAll
  static void registeredResources() throws Exception {
    ServingApplication app = new ServingApplication();
    Bootstrap<ServingConfiguration> bootstrap = new Bootstrap<>(app);
    ServingConfiguration config = new YamlConfigurationFactory<>(ServingConfiguration.class,
        bootstrap.getValidatorFactory().getValidator(), bootstrap.getObjectMapper(), "dw")
        .build(new ResourceConfigurationSourceProvider(), "test-config.yml");
    Environment env = new Environment(app.getName(), bootstrap.getObjectMapper(), bootstrap.getValidatorFactory(),
        bootstrap.getMetricRegistry(), bootstrap.getClassLoader(), bootstrap.getHealthCheckRegistry(), config);
    app.run(config, env);
    Set<Class<?>> registered = env.jersey().getResourceConfig().getClasses();
    Set<Object> instances = env.jersey().getResourceConfig().getSingletons();
    resources = Stream.concat(registered.stream(), instances.stream().map(Object::getClass))
        .filter(c -> c.isAnnotationPresent(Path.class)).distinct().toList();
  }

  @Test
  void theResourcesAreFoundInJerseysConfiguration() {
    assertThat(resources).as("discovered resources").contains(PlaybackResource.class).hasSizeGreaterThan(10);
  }

  @Test
  void everyEndpointHasARoleOrIsMarkedPublic() {
    List<String> unmarked = resources.stream().flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
        .filter(ResourceSecurityTest::isEndpoint)
        .filter(m -> !m.isAnnotationPresent(RolesAllowed.class) && !m.isAnnotationPresent(Public.class))
        .map(m -> m.getDeclaringClass().getSimpleName() + "." + m.getName()).toList();

    assertThat(unmarked).isEmpty();
  }

  @Test
  void editingAndAdministrationNeedMoreThanTheViewerRole() {
    List<Method> adminEndpoints = resources.stream()
        .filter(c -> c.getPackageName().startsWith("io.ottplatform.serving.admin"))
        .flatMap(c -> Arrays.stream(c.getDeclaredMethods())).filter(ResourceSecurityTest::isEndpoint).toList();

    assertThat(adminEndpoints).isNotEmpty();
    adminEndpoints.forEach(m -> assertThat(m.getAnnotation(RolesAllowed.class)).as(m.getName()).isNotNull());
    adminEndpoints.forEach(m -> assertThat(m.getAnnotation(RolesAllowed.class).value()).as(m.getName())
        .doesNotContain("viewer"));
  }

  private static boolean isEndpoint(Method m) {
    return Arrays.stream(m.getAnnotations()).anyMatch(a -> a.annotationType().isAnnotationPresent(HttpMethod.class));
  }
}
