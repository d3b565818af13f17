package dev.graphlaunch.gateway.paging;

import dev.graphlaunch.gateway.errors.InvalidRequestException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@code cursor} and {@code limit} of a newest-first listing, validated. Queries fetch
 * {@link #fetchSize()} rows; {@link #page} keeps {@code limit} of them and makes the next cursor
 * from the last one kept when more remain.
 */
public record PageRequest(Cursor after, int limit) {
    public static final int MAX_LIMIT = 200;

    /** A page of items and the cursor of the next one (null on the last page). */
    public record Page<T>(List<T> items, String nextCursor) {}

    public static PageRequest of(String cursor, String limit) {
        return new PageRequest(cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor), parseLimit(limit));
    }

    public int fetchSize() {
        return limit + 1;
    }

    public OffsetDateTime afterTime() {
        return after == null ? null : after.createdAtUtc();
    }

    public UUID afterId() {
        return after == null ? null : after.id();
    }

    public <T> Page<T> page(List<T> rows, Function<T, Cursor> positionOf) {
        List<T> kept = rows.subList(0, Math.min(limit, rows.size()));
        String next = rows.size() > limit ? positionOf.apply(kept.get(kept.size() - 1)).encode() : null;
        return new Page<>(kept, next);
    }

    private static int parseLimit(String value) {
        try {
            int limit = value == null ? 50 : Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new InvalidRequestException("'limit' must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
}
