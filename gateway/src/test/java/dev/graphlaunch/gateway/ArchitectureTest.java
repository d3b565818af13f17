package dev.graphlaunch.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.graphlaunch.gateway.execution.GraphExecutorPort;
import dev.graphlaunch.gateway.execution.GraphProvider;
import jakarta.ws.rs.Path;

/**
 * ONE_RUN_EXECUTION_PATH: graphs execute only inside GraphRunWorkflow, which reaches them through
 * the internal API. A public resource that could reach the executor, directly or through anything
 * it uses, would be a second path.
 */
@AnalyzeClasses(packages = "dev.graphlaunch.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule publicResourcesNeverReachTheExecutor = noClasses()
            .that().areAnnotatedWith(Path.class)
            .and().resideOutsideOfPackage("..internal..")
            .should().transitivelyDependOnClassesThat().areAssignableTo(GraphExecutorPort.class)
            .orShould().transitivelyDependOnClassesThat().areAssignableTo(GraphProvider.class)
            .because("public triggers only record runs and start GraphRunWorkflow (invariant 1)");

    @ArchTest
    static final ArchRule triggersNeverReachTheExecutor = noClasses()
            .that().resideInAnyPackage("..triggers..", "..runs..", "..schedules..")
            .should().transitivelyDependOnClassesThat().areAssignableTo(GraphExecutorPort.class)
            .because("a trigger validates, records and starts; it never waits for the graph (invariant 2)");
}
