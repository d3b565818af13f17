package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.runs.GraphRun;
import java.util.UUID;

/**
 * What became of one reported CI failure.
 *
 * @param run the run that triages it
 * @param failures how many failures that run lists now (joined only)
 * @param followUpOf the batch of the same commit that had started already (a follow-up only)
 */
public record Intake(Outcome outcome, GraphRun run, long failures, UUID followUpOf) {

    public enum Outcome {
        /** A new run, alone or as the first of its commit's batch. */
        STARTED,
        /** Added to its commit's run, which had not started yet. */
        JOINED,
        /** Reported before: its run is named, nothing changed. */
        DUPLICATE
    }

    static Intake started(GraphRun run, UUID followUpOf) {
        return new Intake(Outcome.STARTED, run, 1, followUpOf);
    }

    static Intake joined(GraphRun run, long failures) {
        return new Intake(Outcome.JOINED, run, failures, null);
    }

    static Intake duplicate(GraphRun run) {
        return new Intake(Outcome.DUPLICATE, run, 0, null);
    }
}
