package dev.graphlaunch.gateway.paging;

import dev.graphlaunch.gateway.errors.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

/** An opaque position in a newest-first listing: the (time, id) of the last row shown. */
public record Cursor(Instant createdAt, UUID id) {

    public String encode() {
        String plain = createdAt + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            return new Cursor(Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw new InvalidRequestException("'cursor' is not a cursor this API returned.");
        }
    }

    public OffsetDateTime createdAtUtc() {
        return createdAt.atOffset(ZoneOffset.UTC);
    }
}
