package dev.graphlaunch.gateway.triggers.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlaunch.gateway.errors.InvalidRequestException;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

    @Test
    void bareAndQuotedFormsNameTheSameKey() {
        assertThat(IdempotencyKeys.parse("order-42")).isEqualTo("order-42");
        assertThat(IdempotencyKeys.parse("\"order-42\"")).isEqualTo("order-42");
    }

    @Test
    void quotedFormUnescapesQuotesAndBackslashes() {
        assertThat(IdempotencyKeys.parse("\"a\\\"b\\\\c\"")).isEqualTo("a\"b\\c");
    }

    @Test
    void keysOfMaximumLengthAreAccepted() {
        assertThat(IdempotencyKeys.parse("k".repeat(255))).hasSize(255);
    }

    @Test
    void malformedKeysAreRefusedWithTheReason() {
        assertThatThrownBy(() -> IdempotencyKeys.parse("")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("1 to 255");
        assertThatThrownBy(() -> IdempotencyKeys.parse("k".repeat(256))).hasMessageContaining("1 to 255");
        assertThatThrownBy(() -> IdempotencyKeys.parse("has space")).hasMessageContaining("no spaces");
        assertThatThrownBy(() -> IdempotencyKeys.parse("caf\u00e9")).hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> IdempotencyKeys.parse("\"\"")).hasMessageContaining("1 to 255");
        assertThatThrownBy(() -> IdempotencyKeys.parse("\"a\\nb\"")).hasMessageContaining("invalid escape");
        assertThatThrownBy(() -> IdempotencyKeys.parse("\"a\"b\"")).hasMessageContaining("unescaped quote");
    }
}
