package dev.graphlaunch.gateway.schedules;

import jakarta.validation.constraints.NotBlank;

/**
 * {@code schedules: {file: config/schedules.yml, applyOnStart: true}}.
 *
 * @param file the schedules file; relative paths resolve against the working directory
 * @param applyOnStart apply the file when the gateway starts (validation errors stop the start;
 *     Temporal being down does not: apply is retried in the background)
 */
public record SchedulesConfiguration(@NotBlank String file, boolean applyOnStart) {}
