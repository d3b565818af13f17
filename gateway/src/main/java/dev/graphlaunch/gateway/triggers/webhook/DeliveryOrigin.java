package dev.graphlaunch.gateway.triggers.webhook;

import java.util.UUID;

/**
 * Where a verified delivery comes from: GitHub just now, or an admin replaying a kept one. The
 * path after verification is the same for both; only the provenance it writes and, for a replay
 * asking for a rerun, how the run is started differ.
 */
interface DeliveryOrigin {

    /** A delivery as it arrives from GitHub. */
    DeliveryOrigin LIVE = new DeliveryOrigin() {
        @Override
        public Intake take(CiFailureIntake intake, WorkflowRunEvent event, FailureReport report) {
            return intake.intake(event, report);
        }

        @Override
        public UUID replayOf() {
            return null;
        }

        @Override
        public String requestedBy() {
            return null;
        }
    };

    /** Takes in a verified failure the filters let through, as the live delivery reports it. */
    Intake take(CiFailureIntake intake, WorkflowRunEvent event, FailureReport report);

    /** The log row replayed; null for a live delivery. */
    UUID replayOf();

    /** Who asked for a replay; null for a live delivery. */
    String requestedBy();

    /** A live delivery's body is kept for replay; a replay's body is its original's. */
    default boolean keepsBody() {
        return replayOf() == null;
    }
}
