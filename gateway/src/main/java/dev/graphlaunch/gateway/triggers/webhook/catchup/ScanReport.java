package dev.graphlaunch.gateway.triggers.webhook.catchup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What one scan of one repository came to.
 *
 * @param listed distinct failing workflow run attempts GitHub listed (in the lookback, any conclusion configured)
 * @param ignored listed runs the webhook's filters leave out (branch, or not startable)
 * @param alreadyTriggered failures {@code ci_failures} knew already (a delivery, a replay or an earlier scan)
 * @param started new runs this scan opened (with debounce on, each waits out its commit's window)
 * @param joined failures this scan added to a run of their commit that had not started yet (debounce)
 * @param duplicates failures the intake found known after all (reported by another door at the same moment)
 * @param reason why the scan was skipped or failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScanReport(String repository, Outcome outcome, Integer listed, Integer ignored,
        Integer alreadyTriggered, Integer started, Integer joined, Integer duplicates, String reason) {

    public enum Outcome {
        /** Listed everything; every failure has its run. */
        SCANNED,
        /** Another scan holds the repository (another replica, or this one's schedule), or it is not due. */
        SKIPPED,
        /** GitHub refused or kept failing, or the run ledger was unavailable; the next scan tries again. */
        FAILED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static ScanReport skipped(String repository, String reason) {
        return new ScanReport(repository, Outcome.SKIPPED, null, null, null, null, null, null, reason);
    }

    static ScanReport failed(String repository, String reason) {
        return new ScanReport(repository, Outcome.FAILED, null, null, null, null, null, null, reason);
    }
}
