package dev.graphlaunch.gateway.controls;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.graphlaunch.gateway.runs.RunView;

/** A control's answer: the run as {@code GET /api/v1/runs/{id}} shows it, plus who asked to cancel it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ControlledRun(@JsonUnwrapped RunView run, CancelRequest cancelRequest) {}
