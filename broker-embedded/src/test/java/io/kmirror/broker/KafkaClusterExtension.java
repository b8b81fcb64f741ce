package io.kmirror.broker;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Hands tests the Kafka clusters they declare as parameters, started, and closes them when the
 * scope that asked for them ends.
 *
 * <ul>
 *   <li>A parameter of type {@link KafkaCluster} gets an {@link EmbeddedKafkaCluster}, or with
 *       {@code -Dkmirror.it.cluster=container} a {@link ContainerKafkaCluster}. A parameter of type
 *       {@link EmbeddedKafkaCluster} (for tests that stop, kill or restart brokers) is always
 *       embedded.
 *   <li>Shape comes from {@link ClusterSpec} on the parameter; each parameter is its own cluster.
 *   <li>Scope follows where the parameter is declared: a test method's cluster is closed after that
 *       method; a static {@code @BeforeAll} method's (or, with {@code
 *       TestInstance.Lifecycle.PER_CLASS}, the constructor's) after the class. Constructor
 *       injection with a per-method lifecycle is refused: it would start a cluster per test and
 *       keep them all until the class ends.
 *   <li>In container mode, a test whose clusters cannot run in a container (no Docker engine, more
 *       than one broker, SCRAM) is reported as skipped with the reason, before any cluster starts.
 * </ul>
 *
 * <pre>{@code
 * @ExtendWith(KafkaClusterExtension.class)
 * class MirrorIT {
 *   static KafkaCluster source;
 *
 *   @BeforeAll
 *   static void clusters(@ClusterSpec(name = "source") KafkaCluster a) { source = a; }
 *
 *   @Test
 *   void mirrors(@ClusterSpec(name = "target", brokerConfig = "auto.create.topics.enable=false")
 *       KafkaCluster target) { ... }
 * }
 * }</pre>
 */
public final class KafkaClusterExtension implements ParameterResolver, ExecutionCondition {

  /**
   * System property choosing the implementation: {@code embedded} (default) or {@code container}.
   */
  public static final String MODE_PROPERTY = "kmirror.it.cluster";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaClusterExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return isCluster(parameter.getParameter());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Executable declaring = parameter.getDeclaringExecutable();
    if (declaring instanceof Constructor<?>
        && context.getTestInstanceLifecycle().orElse(null) != TestInstance.Lifecycle.PER_CLASS) {
      throw new ParameterResolutionException(
          "a cluster injected into the constructor of "
              + declaring.getDeclaringClass().getSimpleName()
              + " would be started for every test and kept until the class ends; take it as a"
              + " parameter of a static @BeforeAll method or use @TestInstance(PER_CLASS)");
    }
    Spec spec = Spec.of(parameter.getParameter(), defaultName(parameter));
    KafkaCluster cluster =
        wantsContainer(parameter.getParameter()) ? spec.container() : spec.embedded();
    // Stored before start, so the store closes it even if start fails half-way.
    context.getStore(NAMESPACE).put(cluster, cluster);
    cluster.start();
    return cluster;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (mode() != Mode.CONTAINER) {
      return ConditionEvaluationResult.enabled("embedded clusters need nothing outside this JVM");
    }
    for (Parameter parameter : clusterParameters(context)) {
      if (wantsContainer(parameter)) {
        Spec spec = Spec.of(parameter, "?");
        Optional<String> why =
            ContainerKafkaCluster.whyUnsupported(spec.brokers, spec.scramUser != null);
        if (why.isPresent()) {
          return ConditionEvaluationResult.disabled(
              MODE_PROPERTY + "=container, but " + why.get() + " (" + describe(parameter) + ")");
        }
      }
    }
    return ConditionEvaluationResult.enabled("every cluster can run in a container");
  }

  private enum Mode {
    EMBEDDED,
    CONTAINER
  }

  private static Mode mode() {
    String value = System.getProperty(MODE_PROPERTY, "embedded").trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "embedded" -> Mode.EMBEDDED;
      case "container" -> Mode.CONTAINER;
      default ->
          throw new IllegalArgumentException(
              MODE_PROPERTY + " must be 'embedded' or 'container', got '" + value + "'");
    };
  }

  private static boolean isCluster(Parameter parameter) {
    Class<?> type = parameter.getType();
    return type == KafkaCluster.class || type == EmbeddedKafkaCluster.class;
  }

  private static boolean wantsContainer(Parameter parameter) {
    return parameter.getType() == KafkaCluster.class && mode() == Mode.CONTAINER;
  }

  /** The parameters that will ask for clusters in this context: the method's, or the class's. */
  private static List<Parameter> clusterParameters(ExtensionContext context) {
    List<Executable> executables = new ArrayList<>();
    if (context.getTestMethod().isPresent()) {
      executables.add(context.getTestMethod().get());
    } else if (context.getTestClass().isPresent()) {
      Class<?> testClass = context.getTestClass().get();
      executables.addAll(List.of(testClass.getDeclaredConstructors()));
      executables.addAll(
          AnnotationSupport.findAnnotatedMethods(
              testClass, BeforeAll.class, HierarchyTraversalMode.TOP_DOWN));
      executables.addAll(
          AnnotationSupport.findAnnotatedMethods(
              testClass, BeforeEach.class, HierarchyTraversalMode.TOP_DOWN));
    }
    List<Parameter> parameters = new ArrayList<>();
    for (Executable executable : executables) {
      for (Parameter parameter : executable.getParameters()) {
        if (isCluster(parameter)) {
          parameters.add(parameter);
        }
      }
    }
    return parameters;
  }

  /** E.g. "parameter 1 of RoundTripIT.startCluster": parameter names are not compiled in. */
  private static String describe(Parameter parameter) {
    Executable executable = parameter.getDeclaringExecutable();
    int index = List.of(executable.getParameters()).indexOf(parameter);
    String owner = executable.getDeclaringClass().getSimpleName();
    String name = executable instanceof Constructor<?> ? owner : owner + "." + executable.getName();
    return "parameter " + index + " of " + name;
  }

  /** "A" for the first cluster parameter of a method, "B" for the second, and so on. */
  private static String defaultName(ParameterContext parameter) {
    Parameter[] all = parameter.getDeclaringExecutable().getParameters();
    int clustersBefore = 0;
    for (int i = 0; i < parameter.getIndex(); i++) {
      if (isCluster(all[i])) {
        clustersBefore++;
      }
    }
    return String.valueOf((char) ('A' + clustersBefore));
  }

  /** A {@link ClusterSpec} read and checked, with defaults filled in. */
  private record Spec(
      String name,
      int brokers,
      Map<String, String> brokerConfig,
      String scramUser,
      String scramPassword) {

    static Spec of(Parameter parameter, String defaultName) {
      ClusterSpec spec = parameter.getAnnotation(ClusterSpec.class);
      if (spec == null) {
        return new Spec(defaultName, 1, Map.of(), null, null);
      }
      Map<String, String> config = new LinkedHashMap<>();
      for (String entry : spec.brokerConfig()) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
          throw new ParameterResolutionException(
              "@ClusterSpec brokerConfig entry '"
                  + entry
                  + "' on "
                  + parameter
                  + " is not key=value");
        }
        config.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
      }
      if (spec.scramUser().isEmpty() != spec.scramPassword().isEmpty()) {
        throw new ParameterResolutionException(
            "@ClusterSpec on "
                + describe(parameter)
                + " needs both scramUser and scramPassword, or neither");
      }
      return new Spec(
          spec.name().isEmpty() ? defaultName : spec.name(),
          spec.brokers(),
          config,
          spec.scramUser().isEmpty() ? null : spec.scramUser(),
          spec.scramPassword().isEmpty() ? null : spec.scramPassword());
    }

    EmbeddedKafkaCluster embedded() {
      EmbeddedKafkaCluster.Builder builder =
          EmbeddedKafkaCluster.builder().name(name).brokers(brokers).brokerConfig(brokerConfig);
      if (scramUser != null) {
        builder.scram(scramUser, scramPassword);
      }
      return builder.build();
    }

    ContainerKafkaCluster container() {
      return new ContainerKafkaCluster(name, brokerConfig);
    }
  }
}
