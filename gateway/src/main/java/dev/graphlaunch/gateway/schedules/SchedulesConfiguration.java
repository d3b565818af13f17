package dev.graphlaunch.gateway.schedules;

/**
 * {@code schedules: {file: config/schedules.yml, applyOnStart: true}}.
 *
 * @param file the schedules file; relative paths resolve against the working directory
 * @param applyOnStart apply the file when the gateway starts (validation errors stop the start;
 *     Temporal being down does not: apply is retried in the background)
 */
public record SchedulesConfiguration(String file, boolean applyOnStart) {}
