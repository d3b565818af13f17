package dev.graphlaunch.gateway.controls;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a bulk cancel did. Dry run: only {@code matched}.
 *
 * @param cancelled ended {@code cancelled} by this call (they had not started)
 * @param cancelRequested their workflows were asked to stop; they end {@code cancelled} shortly
 * @param alreadyEnded ended meanwhile, nothing to do
 * @param unavailable not reached because Temporal did not answer; call again
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BulkCancelResult(long matched, boolean dryRun, Integer cancelled, Integer cancelRequested,
        Integer alreadyEnded, Integer unavailable) {}
