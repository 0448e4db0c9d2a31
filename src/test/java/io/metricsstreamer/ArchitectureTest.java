package io.metricsstreamer;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of ARCHITECTURE.md §2.1, checked on the production classes only. */
class ArchitectureTest {
    private static final String[] CORE = {
        "io.metricsstreamer.model..", "io.metricsstreamer.protocol..", "io.metricsstreamer.subscription..",
        "io.metricsstreamer.stats..", "io.metricsstreamer.delivery..", "io.metricsstreamer.hub..",
        "io.metricsstreamer.ingest.."
    };

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("io.metricsstreamer");
    }

    @Test
    void theImportHoldsTheCoreButNoTestClasses() {
        assertThat(classes.containPackage("io.metricsstreamer.delivery")).isTrue();
        assertThat(classes.contain(ArchitectureTest.class)).isFalse();
    }

    @Test
    void onlyTransportAndBenchDependOnNetty() {
        noClasses().that().resideOutsideOfPackages("io.metricsstreamer.transport..", "io.metricsstreamer.bench..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .because("the network is a port: only transport (and the load tool) may touch Netty")
                .check(classes);
    }

    @Test
    void coreDependsOnNeitherOuterLayersNorTheRootPackage() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("io.metricsstreamer.transport..",
                        "io.metricsstreamer.cli..", "io.metricsstreamer.demo..", "io.metricsstreamer.bench..",
                        "io.metricsstreamer")
                .because("the outer layers and the public API use the core, never the reverse")
                .check(classes);
    }

    @Test
    void transportDependsOnNeitherDemoNorBench() {
        noClasses().that().resideInAPackage("io.metricsstreamer.transport..")
                .should().dependOnClassesThat().resideInAnyPackage("io.metricsstreamer.demo..",
                        "io.metricsstreamer.bench..")
                .allowEmptyShould(true)
                .because("the demo and the load tool live outside the server")
                .check(classes);
    }

    @Test
    void corePackagesHaveNoCycles() {
        slices().matching("io.metricsstreamer.(*)..")
                .should().beFreeOfCycles()
                .check(classes.that(resideInAnyPackage(CORE)));
    }
}
