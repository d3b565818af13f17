package dev.graphlaunch.gateway.controls;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a bulk rerun did. Dry run: only {@code matched}.
 *
 * @param started new reruns made by this call
 * @param replayed runs this call's idempotency key had already rerun
 * @param forbidden runs of graphs the caller's key may not run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BulkRerunResult(long matched, boolean dryRun, Integer started, Integer replayed, Integer forbidden,
        List<Rerun> reruns) {

    public record Rerun(String originalRunId, String runId) {}
}
