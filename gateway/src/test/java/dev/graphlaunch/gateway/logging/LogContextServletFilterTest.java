package dev.graphlaunch.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.gateway.http.LogContextServletFilter;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextServletFilterTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void aRequestStartsWithoutTheLastRequestsRunAndLeavesNoneBehind() throws Exception {
        MDC.put(LogContext.RUN_ID, "left-by-an-earlier-request");
        UUID runId = UUID.randomUUID();
        Map<String, String> seenInside = new HashMap<>();

        new LogContextServletFilter().doFilter(null, null, (request, response) -> {
            seenInside.put("before", MDC.get(LogContext.RUN_ID));
            LogContext.forRun(runId, "graph-run:acme:k", "acme");
            LogContext.put(LogContext.DELIVERY_ID, "d-1");
        });

        assertThat(seenInside).containsEntry("before", null);
        assertThat(MDC.get(LogContext.RUN_ID)).isNull();
        assertThat(MDC.get(LogContext.WORKFLOW_ID)).isNull();
        assertThat(MDC.get(LogContext.TENANT_ID)).isNull();
        assertThat(MDC.get(LogContext.DELIVERY_ID)).isNull();
    }

    @Test
    void aBlankValueLeavesTheKeyAsItWas() {
        LogContext.put(LogContext.TENANT_ID, "acme");

        LogContext.put(LogContext.TENANT_ID, " ");
        LogContext.put(LogContext.TENANT_ID, null);

        assertThat(MDC.get(LogContext.TENANT_ID)).isEqualTo("acme");
    }
}
