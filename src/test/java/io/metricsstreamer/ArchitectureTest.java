package io.metricsstreamer;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasModifiers.Predicates.modifier;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.TSFBuilder;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.Slices;
import io.metricsstreamer.json.Json;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of ARCHITECTURE.md §2.1 and the README's architecture section, checked on the production classes
 * only. No rule allows an empty selection (ArchUnit's default): a rule whose packages were renamed away fails instead
 * of passing on nothing.
 */
class ArchitectureTest {
    private static final String[] CORE = {
        "io.metricsstreamer.json..", "io.metricsstreamer.model..", "io.metricsstreamer.protocol..",
        "io.metricsstreamer.subscription..", "io.metricsstreamer.stats..", "io.metricsstreamer.delivery..",
        "io.metricsstreamer.hub..", "io.metricsstreamer.ingest..", "io.metricsstreamer.history..",
        "io.metricsstreamer.aggregation..", "io.metricsstreamer.limits..", "io.metricsstreamer.auth..",
        "io.metricsstreamer.recording.."
    };

    /** Every package of the server is a slice of its own: the root package, and each sub-package apart. */
    private static final SliceAssignment EVERY_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return SliceIdentifier.of(javaClass.getPackageName());
        }

        @Override
        public String getDescription() {
            return "every package of io.metricsstreamer";
        }
    };

    /** Jackson's mappers and factories, the readers and writers made from them, and modules. */
    private static final List<Class<?>> JACKSON_SET_UP = List.of(ObjectMapper.class, JsonFactory.class,
            ObjectReader.class, ObjectWriter.class, Module.class, MapperBuilder.class, TSFBuilder.class);
    /** The methods of those types that make a new set-up or change one. */
    private static final Pattern CONFIGURES = Pattern.compile("builder|rebuild|copy|configure|enable|disable|with"
            + "|without|findAndRegisterModules|(set|register|add|clear|with|without|activate|deactivate)[A-Z]\\w*");
    private static final DescribedPredicate<JavaCall<?>> SETS_UP_JACKSON = DescribedPredicate.describe(
            "constructs or configures a Jackson mapper, factory, reader, writer or module", call -> {
                JavaClass owner = call.getTargetOwner();
                boolean jackson = JACKSON_SET_UP.stream().anyMatch(owner::isAssignableTo);
                return jackson && (call instanceof JavaConstructorCall || CONFIGURES.matcher(call.getName()).matches()
                        || owner.isAssignableTo(MapperBuilder.class) || owner.isAssignableTo(TSFBuilder.class));
            });

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("io.metricsstreamer");
    }

    @Test
    void theImportHoldsTheCoreButNoTestClasses() {
        assertThat(production.containPackage("io.metricsstreamer.delivery")).isTrue();
        assertThat(production.contain(ArchitectureTest.class)).isFalse();
    }

    @Test
    void onlyTransportBenchAndTheLoadClientDependOnNetty() {
        noClasses().that().resideOutsideOfPackages("io.metricsstreamer.transport..", "io.metricsstreamer.bench..",
                        "io.metricsstreamer.loadgen.http..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .because("the network is a port: only transport, the bench tool and the load generator's HTTP "
                        + "client may touch Netty")
                .check(production);
    }

    @Test
    void theLoadClientKnowsNothingOfTheServerOrTheGenerator() {
        classes().that().resideInAPackage("io.metricsstreamer.loadgen.http..")
                .should().onlyDependOnClassesThat(resideInAnyPackage("io.metricsstreamer.loadgen.http..",
                        "io.netty..", "java..", "javax.."))
                .because("the client fires requests and reports outcomes; profiles, metrics and the server are "
                        + "the generator's (io.metricsstreamer.loadgen), which stays free of Netty")
                .check(production);
    }

    @Test
    void coreDependsOnNeitherOuterLayersNorTheRootPackage() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("io.metricsstreamer.transport..",
                        "io.metricsstreamer.cli..", "io.metricsstreamer.demo..", "io.metricsstreamer.bench..",
                        "io.metricsstreamer")
                .because("the outer layers and the public API use the core, never the reverse")
                .check(production);
    }

    @Test
    void onlyClusterDependsOnLettuce() {
        noClasses().that().resideOutsideOfPackage("io.metricsstreamer.cluster..")
                .should().dependOnClassesThat().resideInAPackage("io.lettuce..")
                .because("Redis is a port too: the hub sees a ClusterLink, and only the cluster package speaks Redis")
                .check(production);
    }

    @Test
    void clusterDependsOnNeitherThePublicApiNorTransportCliDemoOrBench() {
        noClasses().that().resideInAPackage("io.metricsstreamer.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage("io.metricsstreamer",
                        "io.metricsstreamer.transport..", "io.metricsstreamer.cli..", "io.metricsstreamer.demo..",
                        "io.metricsstreamer.bench..")
                .because("the public API starts the link and hands it the hub; the link needs only the core")
                .check(production);
    }

    @Test
    void transportDependsOnNeitherThePublicApiNorCliDemoOrBench() {
        noClasses().that().resideInAPackage("io.metricsstreamer.transport..")
                .should().dependOnClassesThat().resideInAnyPackage("io.metricsstreamer", "io.metricsstreamer.cli..",
                        "io.metricsstreamer.demo..", "io.metricsstreamer.bench..")
                .because("the public API starts the transport and hands it its options (TransportConfig), and the "
                        + "demo and the load tool live outside the server")
                .check(production);
    }

    @Test
    void transportDependenciesGoFromTheListenersToTheEndpointsToTheConnection() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("listeners").definedBy("io.metricsstreamer.transport")
                .layer("websocket").definedBy("io.metricsstreamer.transport.ws..")
                .layer("http").definedBy("io.metricsstreamer.transport.http..")
                .layer("connection").definedBy("io.metricsstreamer.transport.connection..")
                .layer("compression").definedBy("io.metricsstreamer.transport.compression..")
                .layer("tls").definedBy("io.metricsstreamer.transport.tls..")
                .whereLayer("listeners").mayNotBeAccessedByAnyLayer()
                .whereLayer("websocket").mayOnlyBeAccessedByLayers("listeners")
                .whereLayer("http").mayOnlyBeAccessedByLayers("listeners")
                .whereLayer("tls").mayOnlyBeAccessedByLayers("listeners")
                .whereLayer("connection").mayOnlyBeAccessedByLayers("listeners", "websocket", "http", "tls")
                .whereLayer("compression").mayOnlyBeAccessedByLayers("websocket", "connection")
                .because("the listeners wire the two endpoints, which share only what transport.connection holds, "
                        + "and put TLS (transport.tls) in front of both; compression serves the WebSocket endpoint "
                        + "and the frames it writes, and uses neither")
                .check(production);
    }

    @Test
    void onlyJsonConstructsOrConfiguresJacksonMappersAndFactories() {
        noClasses().that().doNotBelongToAnyOf(Json.class)
                .should().callCodeUnitWhere(SETS_UP_JACKSON)
                .because("one class sets Jackson up (naming, Instant form, strictness, limits), so every JSON the "
                        + "server reads or writes follows the same rules and one file says what they are")
                .check(production);
    }

    @Test
    void demoUsesOnlyThePublicApiTheModelTheJdkAndSlf4j() {
        classes().that().resideInAPackage("io.metricsstreamer.demo..")
                .should().onlyDependOnClassesThat(resideInAnyPackage("io.metricsstreamer.demo..",
                        "io.metricsstreamer.model..", "java..", "org.slf4j..")
                        .or(resideInAPackage("io.metricsstreamer").and(modifier(JavaModifier.PUBLIC))))
                .because("the demo is a stress test like any other: it publishes through the public API "
                        + "(RealTimeMetricsStreamer, StreamerConfig, MetricsPublisher) and the metric records")
                .check(production);
    }

    @Test
    void reportUsesOnlyJsonJacksonAndTheJdk() {
        classes().that().resideInAPackage("io.metricsstreamer.report..")
                .should().onlyDependOnClassesThat(resideInAnyPackage("io.metricsstreamer.report..",
                        "io.metricsstreamer.json..", "com.fasterxml.jackson..", "java.."))
                .because("the report is written from the run's JSON alone, by any caller (the run command, the Java "
                        + "API), with no server running")
                .check(production);
    }

    @Test
    void theCycleRuleSeesEveryPackageAsASliceOfItsOwn() {
        Set<String> packages = production.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
        Set<String> sliced = Slices.assignedFrom(EVERY_PACKAGE).transform(production).stream()
                .map(slice -> slice.getNamePart(1)).collect(Collectors.toSet());
        assertThat(sliced).isEqualTo(packages)
                .contains("io.metricsstreamer", "io.metricsstreamer.transport", "io.metricsstreamer.transport.ws",
                        "io.metricsstreamer.transport.http", "io.metricsstreamer.transport.connection",
                        "io.metricsstreamer.cluster");
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().assignedFrom(EVERY_PACKAGE)
                .should().beFreeOfCycles()
                .because("dependencies between packages go one way, so each layer can be read and tested alone")
                .check(production);
    }
}
