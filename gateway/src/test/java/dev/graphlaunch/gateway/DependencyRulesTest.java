package dev.graphlaunch.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.graphlaunch.gateway.errors.ProblemException;
import io.dropwizard.auth.UnauthorizedHandler;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import java.util.List;

/**
 * The direction of every dependency, as buckpal's DependencyRuleTests: feature packages form no
 * cycles, only the web layer knows JAX-RS, and what an error means over HTTP is decided in
 * {@code errors/}, not by the exception that names it.
 */
@AnalyzeClasses(packages = "dev.graphlaunch.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRulesTest {

    @ArchTest
    static final ArchRule featurePackagesFormNoCycles = slices()
            .matching("dev.graphlaunch.gateway.(*)..")
            .should().beFreeOfCycles()
            .because("a feature package that needs another's types must not be needed by it in turn");

    @ArchTest
    static final ArchRule onlyTheWebLayerTouchesJaxRs = noClasses()
            .that(DescribedPredicate.not(webLayer()))
            .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..")
            .because("resources, filters and exception mappers adapt HTTP; everything behind them is plain Java");

    @ArchTest
    static final ArchRule domainExceptionsCarryNoHttpStatus = noClasses()
            .that().resideOutsideOfPackage("..errors..")
            .should().callConstructorWhere(problemConstructorTakingAStatus())
            .because("an exception names its problem; errors/ProblemType decides its HTTP status");

    @ArchTest
    static final ArchRule onlyTheCompositionRootKnowsTheInternalApi = noClasses()
            .that().resideOutsideOfPackages("..gateway.internal..", "dev.graphlaunch.gateway")
            .should().dependOnClassesThat().resideInAPackage("..gateway.internal..")
            .because("the internal API is the worker's web adapter, built and registered by the root;"
                    + " grants and runs live elsewhere");

    /**
     * Resources and their nested classes, filters, exception mappers, parameter converters, name
     * bindings, the auth handler, the errors and http packages, and the SSE broadcaster (the events
     * API's transport: it writes to the streams the resource opened).
     */
    private static DescribedPredicate<JavaClass> webLayer() {
        List<Class<?>> webTypes = List.of(ContainerRequestFilter.class, ContainerResponseFilter.class,
                ExceptionMapper.class, ParamConverter.class, ParamConverterProvider.class, UnauthorizedHandler.class);
        return DescribedPredicate.describe("the web layer", javaClass -> {
            JavaClass outer = javaClass;
            while (outer.getEnclosingClass().isPresent()) {
                outer = outer.getEnclosingClass().get();
            }
            String pkg = outer.getPackageName();
            return outer.isAnnotatedWith(Path.class)
                    || outer.isAnnotatedWith(NameBinding.class)
                    || webTypes.stream().anyMatch(outer::isAssignableTo)
                    || pkg.startsWith("dev.graphlaunch.gateway.errors")
                    || pkg.startsWith("dev.graphlaunch.gateway.http")
                    || outer.getName().equals("dev.graphlaunch.gateway.events.RunEventStreams");
        });
    }

    private static DescribedPredicate<JavaConstructorCall> problemConstructorTakingAStatus() {
        return DescribedPredicate.describe("a ProblemException constructor that takes an HTTP status", call ->
                call.getTarget().getOwner().isAssignableTo(ProblemException.class)
                        && call.getTarget().getRawParameterTypes().stream()
                                .anyMatch(type -> type.getName().equals("int")));
    }
}
