package dev.graphlaunch.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlaunch.gateway.GatewayContext;
import dev.graphlaunch.gateway.execution.GraphNamespace;
import dev.graphlaunch.gateway.execution.GraphProvider;
import dev.graphlaunch.gateway.execution.UnknownGraphException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog tests use stays the one the gateway builds from its default providers. */
class TestCatalogsTest {

    @Test
    void theBuiltinCatalogKnowsEveryGraphTheGatewayShipsByDefault() {
        List<GraphNamespace> shipped = GatewayContext.graphProviders(null).stream().map(GraphProvider::describe).toList();

        assertThat(shipped).extracting(GraphNamespace::namespace).containsExactly("builtin");
        shipped.forEach(namespace -> namespace.graphs().forEach(name -> assertThatCode(
                () -> TestCatalogs.builtin().require(namespace.namespace() + ":" + name)).doesNotThrowAnyException()));
    }

    @Test
    void aCatalogKnowsOnlyTheGraphsItWasGiven() {
        var catalog = TestCatalogs.of("builtin:echo", "openai:gpt-4o-mini");

        assertThatCode(() -> catalog.require("openai:gpt-4o-mini")).doesNotThrowAnyException();
        assertThatThrownBy(() -> catalog.require("openai:gpt-4o")).isInstanceOf(UnknownGraphException.class);
        assertThatThrownBy(() -> catalog.require("builtin:ci-failure-triage"))
                .isInstanceOf(UnknownGraphException.class);
    }
}
