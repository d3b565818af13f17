package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.triggers.NewRun;
import dev.graphlaunch.gateway.triggers.RunStarter;
import dev.graphlaunch.gateway.triggers.StartedRun;
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
        public StartedRun start(RunStarter starter, NewRun run) {
            return starter.start(run);
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

    /** Starts (or finds) the run of a verified failure the filters let through. */
    StartedRun start(RunStarter starter, NewRun run);

    /** The log row replayed; null for a live delivery. */
    UUID replayOf();

    /** Who asked for a replay; null for a live delivery. */
    String requestedBy();

    /** A live delivery's body is kept for replay; a replay's body is its original's. */
    default boolean keepsBody() {
        return replayOf() == null;
    }
}
