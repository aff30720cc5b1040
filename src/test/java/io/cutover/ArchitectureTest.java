package io.cutover;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.cutover.status.StatusAggregator;
import io.cutover.status.StatusEditor;
import java.util.Arrays;

/**
 * The allowed arrows between Cutover's packages (docs/design.md, "Shape"), checked on the compiled main classes so a
 * forbidden import fails the build instead of waiting for a review: cli → config/metrics → reconciler → phase →
 * plan/status/observe/trust/validate/policy/events → cluster → rbac → api. The sandbox, the benchmark and the
 * real-cluster harness stand apart: they may use the operator, the operator never uses them.
 * Conditions have one writer: only {@link StatusAggregator} calls the condition setters of {@link StatusEditor}.
 */
@AnalyzeClasses(packages = "io.cutover", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  static final String[] OPERATOR = {"io.cutover.api..", "io.cutover.cluster..", "io.cutover.config..",
      "io.cutover.discovery..", "io.cutover.events..", "io.cutover.metrics..", "io.cutover.observe..", "io.cutover.phase..", "io.cutover.plan..",
      "io.cutover.policy..", "io.cutover.rbac..", "io.cutover.reconciler..", "io.cutover.status..",
      "io.cutover.trust..", "io.cutover.validate.."};
  static final String[] APART = {"io.cutover.sandbox..", "io.cutover.bench..", "io.cutover.realcluster.."};
  /** What only the sandbox's mock API server needs; target/cutover-operator.jar leaves it out. */
  static final String[] MOCK_SERVER = {"io.fabric8.mockwebserver..", "io.fabric8.kubernetes.client.server.mock..",
      "okhttp3.mockwebserver..", "io.vertx..", "io.netty..", "org.bouncycastle..", "com.google.protobuf..", "dev.cel..",
      "com.google.re2j.."};
  /** The only cli classes that may reach the packages apart; the operator jar leaves them out (pom.xml). */
  static final String[] DEV_COMMANDS = {"io.cutover.cli.Main", "io.cutover.cli.SandboxCommand",
      "io.cutover.cli.BenchCommand", "io.cutover.cli.ClustersCommand"};

  @ArchTest
  static final ArchRule theOperatorNeverUsesTheSandboxTheBenchOrTheRealClusterHarness = noClasses()
      .that().resideInAnyPackage(OPERATOR)
      .should().dependOnClassesThat().resideInAnyPackage(APART)
      .because("sandbox, bench and realcluster are apart: target/cutover-operator.jar does not hold them");

  @ArchTest
  static final ArchRule theOperatorsCommandsNeverUseThemEither = noClasses()
      .that().resideInAPackage("io.cutover.cli..").and(not(devCommand()))
      .should().dependOnClassesThat().resideInAnyPackage(APART)
      .because("OperatorMain's commands ship in target/cutover-operator.jar; only Main adds the dev commands");

  @ArchTest
  static final ArchRule theOperatorNeverUsesTheMockServer = noClasses()
      .that().resideInAnyPackage(OPERATOR)
      .should().dependOnClassesThat().resideInAnyPackage(MOCK_SERVER)
      .because("the operator talks through fabric8's JDK HTTP client; the mock server's libraries are not in its jar");

  @ArchTest
  static final ArchRule theApiHoldsNoDependencyOnAnyOtherPackage = noClasses()
      .that().resideInAPackage("io.cutover.api..")
      .should().dependOnClassesThat().resideInAnyPackage(without(all(), "io.cutover.api.."))
      .because("the CRD classes, the phase table and the condition vocabulary hold no logic");

  @ArchTest
  static final ArchRule planningIsPure = noClasses()
      .that().resideInAnyPackage("io.cutover.plan..", "io.cutover.rbac..")
      .should().dependOnClassesThat().resideInAnyPackage("io.cutover.cluster..", "io.cutover.phase..",
          "io.cutover.reconciler..", "io.cutover.config..", "io.cutover.metrics..", "io.cutover.cli..")
      .because("the plan and the RBAC comparison are functions of observations, not of a cluster connection");

  @ArchTest
  static final ArchRule discoveryIsAFunctionOfTheInventories = noClasses()
      .that().resideInAPackage("io.cutover.discovery..")
      .should().dependOnClassesThat(describe("a cluster class other than NamespaceInventory", c ->
          c.getPackageName().equals("io.cutover.cluster")
              && !c.getName().equals("io.cutover.cluster.NamespaceInventory")))
      .orShould().dependOnClassesThat().resideInAnyPackage("io.cutover.phase..", "io.cutover.reconciler..",
          "io.cutover.config..", "io.cutover.metrics..", "io.cutover.cli..")
      .because("which identities are in use is computed from lists already read, not from a cluster connection");

  /** The cluster ports that can write or mint; the observation gets {@code ClusterReader} only. */
  static final String[] WRITING_PORTS = {"io.cutover.cluster.ClusterPort", "io.cutover.cluster.ComposedClusterPort",
      "io.cutover.cluster.TokenIssuer", "io.cutover.cluster.OwnedObjects", "io.cutover.cluster.Reviews",
      "io.cutover.cluster.Fabric8ClusterPort"};

  @ArchTest
  static final ArchRule observationNeverWrites = noClasses()
      .that().resideInAPackage("io.cutover.observe..")
      .should().dependOnClassesThat(describe("a cluster port that writes", c -> Arrays.asList(WRITING_PORTS)
          .contains(c.getName())))
      .because("an observation is read from the clusters; it is given a ClusterReader and cannot change them");

  @ArchTest
  static final ArchRule onlyTheProbeAdapterSendsHttpBesidesTheKubernetesClient = noClasses()
      .that().resideInAnyPackage(OPERATOR)
      .and().doNotHaveFullyQualifiedName("io.cutover.trust.HttpRelyingPartyProbe")
      .should().dependOnClassesThat().resideInAPackage("java.net.http..")
      .because("relying parties are reached through the RelyingPartyProbe port, which tests replace with a fake");

  @ArchTest
  static final ArchRule theOperatorsPackagesPointOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("Cli").definedBy("io.cutover.cli..")
      .layer("Wiring").definedBy("io.cutover.config..", "io.cutover.metrics..")
      .layer("Reconciler").definedBy("io.cutover.reconciler..")
      .layer("Phase").definedBy("io.cutover.phase..")
      .layer("Domain").definedBy("io.cutover.plan..", "io.cutover.status..", "io.cutover.observe..",
          "io.cutover.trust..", "io.cutover.validate..", "io.cutover.policy..", "io.cutover.events..",
          "io.cutover.discovery..")
      .layer("Cluster").definedBy("io.cutover.cluster..")
      .layer("Rbac").definedBy("io.cutover.rbac..")
      .layer("Api").definedBy("io.cutover.api..")
      .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
      .whereLayer("Wiring").mayOnlyBeAccessedByLayers("Cli")
      .whereLayer("Reconciler").mayOnlyBeAccessedByLayers("Cli", "Wiring")
      .whereLayer("Phase").mayOnlyBeAccessedByLayers("Cli", "Wiring", "Reconciler")
      .whereLayer("Domain").mayOnlyBeAccessedByLayers("Cli", "Wiring", "Reconciler", "Phase")
      .whereLayer("Cluster").mayOnlyBeAccessedByLayers("Cli", "Wiring", "Reconciler", "Phase", "Domain")
      .whereLayer("Rbac").mayOnlyBeAccessedByLayers("Cli", "Wiring", "Reconciler", "Phase", "Domain", "Cluster");

  @ArchTest
  static final ArchRule onlyTheStatusAggregatorWritesConditions = noClasses()
      .that().doNotBelongToAnyOf(StatusAggregator.class)
      .should().callMethodWhere(target(owner(equivalentTo(StatusEditor.class)))
          .and(target(nameMatching("condition|unknown"))))
      .because("steps report findings and the conditions are derived from them in one place (docs/design.md, 66)");

  @ArchTest
  static final ArchRule noPackageCycles = slices().matching("io.cutover.(*)..").should().beFreeOfCycles();

  /** A dev-only command class or one nested in it. */
  static DescribedPredicate<JavaClass> devCommand() {
    return describe("a dev-only command (" + String.join(", ", DEV_COMMANDS) + ")", c -> Arrays.stream(DEV_COMMANDS)
        .anyMatch(n -> c.getName().equals(n) || c.getName().startsWith(n + "$")));
  }

  static String[] all() {
    String[] all = new String[OPERATOR.length + APART.length + 1];
    System.arraycopy(OPERATOR, 0, all, 0, OPERATOR.length);
    System.arraycopy(APART, 0, all, OPERATOR.length, APART.length);
    all[all.length - 1] = "io.cutover.cli..";
    return all;
  }

  static String[] without(String[] packages, String excluded) {
    return Arrays.stream(packages).filter(p -> !p.equals(excluded)).toArray(String[]::new);
  }
}
