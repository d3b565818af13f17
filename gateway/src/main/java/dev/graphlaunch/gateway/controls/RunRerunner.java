package dev.graphlaunch.gateway.controls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.MissingScopeException;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.execution.GraphCatalog;
import dev.graphlaunch.gateway.json.CanonicalJson;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.triggers.NewRun;
import dev.graphlaunch.gateway.triggers.RunStarter;
import dev.graphlaunch.gateway.triggers.StartedRun;

/**
 * Runs a run again as a new run of the caller: same graph, same input unless a new one is given,
 * through the start protocol every trigger uses. Provenance names the caller (it is their request)
 * and the metadata and {@code rerun_of} name the original.
 */
public class RunRerunner {
    private final GraphRunDao runs;
    private final RunControlDao controls;
    private final GraphCatalog catalog;
    private final RunStarter starter;

    public RunRerunner(GraphRunDao runs, RunControlDao controls, GraphCatalog catalog, RunStarter starter) {
        this.runs = runs;
        this.controls = controls;
        this.catalog = catalog;
        this.starter = starter;
    }

    /**
     * @param key the idempotency key: the same key for the same rerun finds the first rerun again
     * @param newInput null to run the original's input again
     */
    public StartedRun rerun(ApiPrincipal caller, GraphRun original, String key, boolean clientKey, JsonNode newInput) {
        catalog.require(original.graphId());
        if (!caller.mayRunGraph(original.graphId())) {
            throw new MissingScopeException("This API key may not run graph '" + original.graphId() + "'.");
        }
        if (newInput != null && !newInput.isObject()) {
            throw new InvalidRequestException("'input' must be a JSON object.");
        }
        JsonNode input = newInput == null ? original.input() : newInput;
        StartedRun started = starter.start(new NewRun(caller.tenantId(), original.graphId(), key,
                fingerprint(original, input), RunKind.USER_IMMEDIATE, TriggerSource.API, key, caller.principal(),
                metadata(caller, original, clientKey, newInput != null), caller.grantRef(), input));
        // Not in the start's transaction (RunStarter owns it); a retry with the same key completes the link.
        controls.markRerunOf(started.run().id(), original.id());
        GraphRun rerun = runs.findById(started.run().id()).orElseThrow();
        return new StartedRun(rerun, started.replayed());
    }

    /** The original is part of the request: the same key for a rerun of another run is a different request. */
    private static String fingerprint(GraphRun original, JsonNode input) {
        ObjectNode canonical = JsonNodeFactory.instance.objectNode();
        canonical.put("graphId", original.graphId());
        canonical.set("input", input);
        canonical.put("rerunOf", original.id().toString());
        return CanonicalJson.sha256(canonical);
    }

    private static JsonNode metadata(ApiPrincipal caller, GraphRun original, boolean clientKey, boolean newInput) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode()
                .put("apiKeyId", caller.keyId().toString())
                .put("idempotencyKeySource", clientKey ? "header" : "generated")
                .put("rerunOf", original.id().toString())
                .put("originalTriggerSource", original.triggerSource().wire())
                .put("originalRequestedBy", original.requestedBy())
                .put("inputReplaced", newInput);
        return metadata;
    }
}
