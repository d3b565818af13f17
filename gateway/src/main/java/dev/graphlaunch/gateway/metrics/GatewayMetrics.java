package dev.graphlaunch.gateway.metrics;

import dev.graphlaunch.contracts.runs.AttemptStatus;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The gateway's domain metrics, one method per thing that happens, so callers name events and this
 * class alone knows meter names, labels and buckets. Micrometer names are dotted; the Prometheus
 * registry renders them snake_case with the unit and {@code _total} suffixes (see docs/operations.md).
 */
public final class GatewayMetrics {
    /** Accept-to-start and run durations span milliseconds (echo) to the run timeout (minutes). */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
        Duration.ofMinutes(10), Duration.ofMinutes(30)};
    /** The {@code error_code} label of a run that ended without one (succeeded, cancelled). */
    static final String NO_ERROR = "none";

    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records nothing: for code paths built without a registry (CLI commands, unit tests). */
    public static GatewayMetrics none() {
        return new GatewayMetrics(new CompositeMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void triggered(RunKind kind, TriggerOutcome outcome) {
        Counter.builder("graphlaunch.triggers")
                .description("Triggers that reached the start protocol, by what became of them")
                .tag("run_kind", kind.wire()).tag("outcome", outcome.label())
                .register(registry).increment();
    }

    /** An API trigger refused by a rate limit; {@code limit} names the bucket that was empty ({@code key}, {@code tenant}). */
    public void rateLimited(String limit) {
        Counter.builder("graphlaunch.rate.limited")
                .description("API triggers refused with 429 rate-limited, by the limit that refused them")
                .tag("limit", limit)
                .register(registry).increment();
    }

    /** The worker reported the run running for the first time. */
    public void runStarted(RunKind kind, Duration sinceAccepted) {
        timer("graphlaunch.run.start.delay", "From the trigger's accept to the run running", kind)
                .record(nonNegative(sinceAccepted));
    }

    /** Called once per run, by the call that ended it. */
    public void runEnded(RunKind kind, RunStatus status, String errorCode, Duration sinceCreated) {
        Counter.builder("graphlaunch.runs.ended")
                .description("Runs that reached a final status, by status and error code")
                .tag("status", status.wire()).tag("error_code", errorCode == null ? NO_ERROR : errorCode)
                .register(registry).increment();
        timer("graphlaunch.run.duration", "From the run's creation to its final status", kind)
                .record(nonNegative(sinceCreated));
    }

    public void attemptEnded(AttemptStatus outcome) {
        Counter.builder("graphlaunch.attempts")
                .description("Execution attempts the gateway ran to an end, by outcome")
                .tag("outcome", outcome.wire())
                .register(registry).increment();
    }

    public void webhookDelivery(String outcome) {
        Counter.builder("graphlaunch.webhook.deliveries")
                .description("GitHub webhook deliveries, by what became of them")
                .tag("outcome", outcome)
                .register(registry).increment();
    }

    /** One scan of one repository by the GitHub catch-up ended: {@code scanned} or {@code failed}. */
    public void catchUpScan(String repository, String outcome) {
        Counter.builder("graphlaunch.catchup.scans")
                .description("GitHub catch-up scans of one repository, by outcome")
                .tag("repository", repository).tag("outcome", outcome)
                .register(registry).increment();
    }

    /** Runs a catch-up scan started: failures no delivery had brought. */
    public void catchUpStarted(String repository, int runs) {
        Counter.builder("graphlaunch.catchup.runs.started")
                .description("Runs the GitHub catch-up started for failures no delivery brought")
                .tag("repository", repository)
                .register(registry).increment(runs);
    }

    /**
     * The catch-up health of one repository as the shared scan table holds it, whichever replica
     * scanned: when its last successful scan began (epoch seconds, 0 before the first) and how many
     * scans failed since.
     */
    public void catchUpGauges(String repository, Supplier<Number> lastSuccessEpochSeconds,
            Supplier<Number> consecutiveFailures) {
        Gauge.builder("graphlaunch.catchup.last.success", lastSuccessEpochSeconds)
                .description("When the last successful GitHub catch-up scan of the repository began")
                .baseUnit("timestamp_seconds").tag("repository", repository)
                .strongReference(true).register(registry);
        Gauge.builder("graphlaunch.catchup.consecutive.failures", consecutiveFailures)
                .description("GitHub catch-up scans of the repository that failed since its last success")
                .tag("repository", repository)
                .strongReference(true).register(registry);
    }

    /** A Temporal schedule fired and the worker recorded the run it made. */
    public void scheduleFired(RunKind kind) {
        Counter.builder("graphlaunch.schedule.fires")
                .description("Runs made by Temporal schedules, counted when the worker records them")
                .tag("run_kind", kind.wire())
                .register(registry).increment();
    }

    /** @param cost in the provider's cost unit (see billing.creditsPerCostUnit), credits as charged */
    public void charged(String sourceSystem, BigDecimal cost, BigDecimal credits) {
        String source = sourceSystem == null ? "unknown" : sourceSystem;
        Counter.builder("graphlaunch.charge.receipts")
                .description("Charge receipts written (one per usage unit)")
                .tag("source_system", source)
                .register(registry).increment();
        Counter.builder("graphlaunch.charged.cost")
                .description("Provider cost charged, in the provider's cost unit")
                .tag("source_system", source)
                .register(registry).increment(cost.doubleValue());
        Counter.builder("graphlaunch.charged.credits")
                .description("Credits charged to tenants")
                .tag("source_system", source)
                .register(registry).increment(credits.doubleValue());
    }

    /** BILLING_PARITY broken: a provider reported usage that could not be billed. Must stay 0. */
    public void usageWithoutUnitId() {
        Counter.builder("graphlaunch.billing.usage.without.unit.id")
                .description("Usage facts reported without a unit id, so not billed")
                .register(registry).increment();
    }

    private Timer timer(String name, String description, RunKind kind) {
        return Timer.builder(name).description(description)
                .tag("run_kind", kind.wire())
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
