package io.ottplatform.serving.security;

import io.dropwizard.auth.Auth;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.accounts.auth.Public;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.glassfish.jersey.model.Parameter;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * Every endpoint the running service serves, read from Jersey's resource model of the application's own
 * {@link ResourceConfig} (never a hand-kept list: an endpoint added tomorrow is probed tomorrow).
 */
final class Endpoints {

  /** {@code {name}} or {@code {name: regex}} in a path template. */
  private static final Pattern PARAM = Pattern.compile("\\{\\s*(\\w+)\\s*(?::[^}]*)?}");

  /**
   * One resource method.
   *
   * @param role the {@code @RolesAllowed} role, or {@code "public"} for {@code @Public}
   * @param entity the type of its JSON body, or null
   */
  record Endpoint(String method, String template, String role, List<String> consumes, List<String> queryParams,
      Class<?> entity) {

    /** The template with every parameter named {@code {name}} (regexes dropped), as OpenAPI writes it. */
    String normalized() {
      return PARAM.matcher(template).replaceAll("{$1}");
    }

    List<String> pathParams() {
      List<String> names = new ArrayList<>();
      Matcher m = PARAM.matcher(template);
      while (m.find()) {
        names.add(m.group(1));
      }
      return names;
    }

    /** The path with each parameter replaced by {@code values.get(name)} (already URL-encoded). */
    String path(Map<String, String> values) {
      Matcher m = PARAM.matcher(template);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String v = values.get(m.group(1));
        if (v == null) {
          throw new IllegalArgumentException("no value for path parameter " + m.group(1) + " of " + this);
        }
        m.appendReplacement(out, Matcher.quoteReplacement(v));
      }
      return m.appendTail(out).toString();
    }

    boolean consumesJson() {
      return consumes.isEmpty() || consumes.contains(MediaType.APPLICATION_JSON) || consumes.contains("*/*");
    }

    /** A content type this method accepts (the first it declares, JSON when it declares none). */
    String contentType() {
      return consumes.isEmpty() || consumes.contains("*/*") ? MediaType.APPLICATION_JSON : consumes.get(0);
    }

    @Override
    public String toString() {
      return method + " " + template + " (" + role + ")";
    }
  }

  private Endpoints() {}

  static List<Endpoint> of(DropwizardAppExtension<?> app) {
    ResourceConfig config = app.getEnvironment().jersey().getResourceConfig();
    Set<Class<?>> classes = new java.util.LinkedHashSet<>(config.getClasses());
    config.getInstances().forEach(i -> classes.add(i.getClass()));
    List<Endpoint> out = new ArrayList<>();
    classes.stream().filter(c -> c.isAnnotationPresent(Path.class)).map(Resource::from)
        .forEach(r -> collect(r, "", out));
    out.sort(Comparator.comparing(Endpoint::template).thenComparing(Endpoint::method));
    return out;
  }

  private static void collect(Resource resource, String parent, List<Endpoint> out) {
    String path = join(parent, resource.getPath());
    for (ResourceMethod m : resource.getResourceMethods()) {
      Method java = m.getInvocable().getDefinitionMethod();
      List<String> query = m.getInvocable().getParameters().stream()
          .filter(p -> p.getSource() == Parameter.Source.QUERY).map(Parameter::getSourceName).toList();
      // an entity with @NotNull/@Valid is UNKNOWN to Jersey, as is Dropwizard's @Auth principal
      Class<?> entity = m.getInvocable().getParameters().stream()
          .filter(p -> p.getSource() == Parameter.Source.ENTITY
              || (p.getSource() == Parameter.Source.UNKNOWN && !p.isAnnotationPresent(Auth.class)))
          .map(Parameter::getRawType).findFirst().orElse(null);
      out.add(new Endpoint(m.getHttpMethod(), path, role(java), m.getConsumedTypes().stream().map(t -> t.getType()
          + "/" + t.getSubtype()).toList(), query, entity));
    }
    for (Resource child : resource.getChildResources()) {
      collect(child, path, out);
    }
  }

  private static String role(Method m) {
    if (m.isAnnotationPresent(Public.class)) {
      return "public";
    }
    RolesAllowed roles = m.getAnnotation(RolesAllowed.class);
    if (roles == null) {
      roles = m.getDeclaringClass().getAnnotation(RolesAllowed.class);
    }
    if (roles == null || roles.value().length != 1) {
      // ResourceSecurityTest fails such a method; here it must not silently pass as anything
      throw new IllegalStateException(m + " has neither @Public nor exactly one @RolesAllowed role");
    }
    return roles.value()[0];
  }

  private static String join(String parent, String path) {
    if (path == null || path.isEmpty()) {
      return parent.isEmpty() ? "/" : parent;
    }
    String p = (path.startsWith("/") ? path : "/" + path);
    p = p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
    return parent.endsWith("/") ? parent.substring(0, parent.length() - 1) + p : parent + p;
  }

  /** "METHOD /normalized/path" for each endpoint. */
  static Set<String> routes(List<Endpoint> endpoints) {
    Set<String> out = new TreeSet<>();
    endpoints.stream().flatMap(e -> Stream.of(e.method() + " " + e.normalized())).forEach(out::add);
    return out;
  }
}
