package dev.graphlaunch.gateway.ratelimit;

import java.util.Map;

/**
 * What a rate-limited call answered, and the RateLimit fields to send with it.
 *
 * @param headers empty when no limit applies to the caller
 */
public record Limited<T>(T value, Map<String, String> headers) {}
