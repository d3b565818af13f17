package dev.graphlaunch.contracts.workflow;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import java.util.List;

/**
 * Custom search attributes that make runs findable in the Temporal UI and CLI. They must be
 * registered in the namespace (the dev server script passes them with --search-attribute).
 */
public final class RunSearchAttributes {
    public static final SearchAttributeKey<String> TENANT_ID = SearchAttributeKey.forKeyword("TenantId");
    public static final SearchAttributeKey<String> GRAPH_ID = SearchAttributeKey.forKeyword("GraphId");
    public static final SearchAttributeKey<String> RUN_KIND = SearchAttributeKey.forKeyword("RunKind");
    public static final SearchAttributeKey<String> TRIGGER_SOURCE = SearchAttributeKey.forKeyword("TriggerSource");
    public static final SearchAttributeKey<String> TRIGGER_REF = SearchAttributeKey.forKeyword("TriggerRef");
    public static final SearchAttributeKey<String> REQUESTED_BY = SearchAttributeKey.forKeyword("RequestedBy");

    public static final List<SearchAttributeKey<String>> ALL =
            List.of(TENANT_ID, GRAPH_ID, RUN_KIND, TRIGGER_SOURCE, TRIGGER_REF, REQUESTED_BY);

    private RunSearchAttributes() {}

    public static SearchAttributes of(GraphRunInput input) {
        return SearchAttributes.newBuilder()
                .set(TENANT_ID, input.tenantId())
                .set(GRAPH_ID, input.graphId())
                .set(RUN_KIND, input.runKind().wire())
                .set(TRIGGER_SOURCE, input.triggerSource().wire())
                .set(TRIGGER_REF, input.triggerRef())
                .set(REQUESTED_BY, input.requestedBy())
                .build();
    }
}
