package dev.graphlaunch.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.gateway.support.FakeDao;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The resolve cache: how long a key is trusted, and what is never kept. */
class ApiKeysTest {
    private static final String KEY = "glg_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
    private static final UUID KEY_ID = UUID.randomUUID();

    private final FakeDao<ApiKeyDao> dao = FakeDao.of(ApiKeyDao.class);
    private final AtomicReference<Instant> revokedAt = new AtomicReference<>();
    private final AtomicLong nanos = new AtomicLong();
    private ApiKeys keys;

    @BeforeEach
    void setUp() {
        dao.answer("findByHash", args -> Optional.of(new ApiKey(KEY_ID, "acme", "ci@acme.test", (String) args[0],
                "glg_012345", List.of("runs:write"), "test", Instant.EPOCH, revokedAt.get())));
        dao.answer("revoke", args -> {
            revokedAt.set(Instant.now());
            return 1;
        });
        keys = new ApiKeys(dao.dao(), Duration.ofSeconds(5), nanos::get);
    }

    @Test
    void aKeyResolvedAgainWithinTheTtlIsNotLookedUpAgain() {
        assertThat(keys.resolve(KEY)).map(ApiPrincipal::tenantId).contains("acme");
        nanos.addAndGet(Duration.ofMillis(4_999).toNanos());

        assertThat(keys.resolve(KEY)).map(ApiPrincipal::keyId).contains(KEY_ID);
        assertThat(dao.calls("findByHash")).hasSize(1);
    }

    @Test
    void aKeyRevokedElsewhereStopsAuthenticatingOnceTheTtlHasPassed() {
        keys.resolve(KEY);
        revokedAt.set(Instant.now()); // the CLI, or another replica: this cache is not told

        assertThat(keys.resolve(KEY)).isPresent();
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(keys.resolve(KEY)).isEmpty();
        assertThat(keys.resolve(KEY)).isEmpty();
    }

    @Test
    void aKeyRevokedThroughTheseKeysStopsAuthenticatingAtOnce() {
        keys.resolve(KEY);

        assertThat(keys.revoke(KEY_ID)).isTrue();

        assertThat(keys.resolve(KEY)).isEmpty();
    }

    @Test
    void unknownKeysAreLookedUpEveryTime() {
        dao.answer("findByHash", args -> Optional.empty());

        keys.resolve(KEY);
        keys.resolve(KEY);

        assertThat(dao.calls("findByHash")).hasSize(2);
    }

    @Test
    void aZeroTtlLooksTheKeyUpOnEveryRequest() {
        ApiKeys uncached = new ApiKeys(dao.dao(), Duration.ZERO, nanos::get);

        uncached.resolve(KEY);
        uncached.resolve(KEY);

        assertThat(dao.calls("findByHash")).hasSize(2);
    }
}
