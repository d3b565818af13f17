package dev.graphlaunch.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.internal.ExecuteAttempt;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.internal.RecordRunStarted;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.validation.StorableText;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the worker's requests before anything is read from or written for them. The worker is
 * trusted but not infallible: a request it got wrong (an old version, a bug) must be a 400 that
 * says what is missing, never a NullPointerException or a PostgreSQL refusal. The contract records
 * carry no validation annotations (the contracts module stays free of Jakarta Validation), so the
 * rules live here, next to the only resources that read them.
 */
final class InternalRequests {
    private InternalRequests() {}

    /** @param creating the run record does not exist yet and is made from this request */
    static void check(RecordRunStarted started, boolean creating) {
        Problems problems = new Problems();
        problems.text("idempotencyKey", started.idempotencyKey());
        problems.text("triggerRef", started.triggerRef());
        problems.json("triggerMetadata", started.triggerMetadata());
        GraphRunInput run = started.run();
        if (run == null) {
            problems.missing("run");
        } else {
            problems.text("run.tenantId", run.tenantId());
            problems.text("run.graphId", run.graphId());
            problems.text("run.triggerRef", run.triggerRef());
            problems.text("run.requestedBy", run.requestedBy());
            problems.text("run.grantRef", run.grantRef());
            problems.text("run.runId", run.runId());
            problems.json("run.input", run.input());
            if (creating) {
                problems.required("run.tenantId", run.tenantId());
                problems.required("run.graphId", run.graphId());
                problems.required("run.runKind", run.runKind());
                problems.required("run.triggerSource", run.triggerSource());
                problems.required("run.requestedBy", run.requestedBy());
                problems.required("run.grantRef", run.grantRef());
            }
        }
        problems.throwIfAny();
    }

    static void check(FinishRun finish) {
        Problems problems = new Problems();
        problems.required("status", finish.status());
        problems.text("errorCode", finish.errorCode());
        problems.text("errorMessage", finish.errorMessage());
        problems.json("output", finish.output());
        problems.throwIfAny();
    }

    static void check(ExecuteAttempt attempt) {
        Problems problems = new Problems();
        problems.required("runId", attempt.runId());
        if (attempt.attempt() < 1) {
            problems.add("attempt starts at 1");
        }
        problems.throwIfAny();
    }

    private static final class Problems {
        private final List<String> problems = new ArrayList<>();

        void add(String problem) {
            problems.add(problem);
        }

        void missing(String field) {
            add(field + " is required");
        }

        void required(String field, Object value) {
            if (value == null || value instanceof String text && text.isBlank()) {
                missing(field);
            }
        }

        void text(String field, String value) {
            if (!StorableText.isStorable(value)) {
                add(field + " " + StorableText.RULE);
            }
        }

        void json(String field, JsonNode value) {
            StorableText.firstUnstorable(value)
                    .ifPresent(where -> add(field + " " + StorableText.RULE + " (found at " + where + ")"));
        }

        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new InvalidRequestException(String.join("; ", problems) + ".");
            }
        }
    }
}
