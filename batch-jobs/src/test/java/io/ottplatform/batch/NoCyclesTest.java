package io.ottplatform.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The batch jobs' classes and packages form no cycle: a job never calls another job (the runner orders them),
 * and shared helpers live below the jobs. Dependencies are read from the compiled classes' constant pools (every
 * class a class refers to is named there), so a cycle through any reference, not only imports, fails the test.
 */
class NoCyclesTest {

  private static final Pattern CLASS_NAME = Pattern.compile("io/ottplatform/batch/[A-Za-z0-9_/]+");

  @Test
  void noClassAndNoPackageOfTheBatchJobsIsPartOfACycle() throws IOException {
    Map<String, Set<String>> classes = classDependencies(Path.of("target", "classes"));
    assertThat(classes).as("compiled main classes").containsKey("io.ottplatform.batch.BatchJobs");
    Map<String, Set<String>> packages = new TreeMap<>();
    classes.forEach((from, tos) -> tos.forEach(to -> {
      if (!pkg(from).equals(pkg(to))) {
        packages.computeIfAbsent(pkg(from), k -> new TreeSet<>()).add(pkg(to));
      }
    }));
    assertThat(cycles(classes)).as("class cycles").isEmpty();
    assertThat(cycles(packages)).as("package cycles").isEmpty();
  }

  private static Map<String, Set<String>> classDependencies(Path root) throws IOException {
    Map<String, Set<String>> deps = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String self = topLevel(root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/")
            .replaceAll("\\.class$", ""));
        Matcher m = CLASS_NAME.matcher(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        Set<String> to = deps.computeIfAbsent(self, k -> new TreeSet<>());
        while (m.find()) {
          String other = topLevel(m.group());
          if (!other.equals(self)) {
            to.add(other);
          }
        }
      }
    }
    deps.values().forEach(to -> to.retainAll(deps.keySet()));
    return deps;
  }

  /** Nested and anonymous classes belong to their top-level class. */
  private static String topLevel(String internalName) {
    int dollar = internalName.indexOf('$');
    return (dollar < 0 ? internalName : internalName.substring(0, dollar)).replace('/', '.');
  }

  private static String pkg(String className) {
    return className.substring(0, className.lastIndexOf('.'));
  }

  /** Strongly connected components of more than one node (Tarjan). */
  private static List<Set<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    List<Set<String>> result = new ArrayList<>();
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, graph, index, low, stack, onStack, result);
      }
    }
    return result;
  }

  private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> result) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, onStack, result);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        result.add(component);
      }
    }
  }
}
