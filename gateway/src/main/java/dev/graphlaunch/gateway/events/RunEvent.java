package dev.graphlaunch.gateway.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One event of a run, as stored and as clients see it.
 *
 * @param seq 1, 2, 3 … per run, in the order the events were committed
 * @param type {@code status}, {@code delta}, {@code progress}, {@code final} or {@code error}
 */
public record RunEvent(long seq, String type, JsonNode data, Instant createdAt) {}
