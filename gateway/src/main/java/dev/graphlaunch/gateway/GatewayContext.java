package dev.graphlaunch.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.gateway.auth.ApiKeyAuthenticator;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.concurrency.ConcurrencyConfig;
import dev.graphlaunch.gateway.concurrency.ConcurrencyLimits;
import dev.graphlaunch.gateway.concurrency.SlotDispatcher;
import dev.graphlaunch.gateway.concurrency.SlotSignals;
import dev.graphlaunch.gateway.config.EventsConfig;
import dev.graphlaunch.gateway.config.GraphsConfig;
import dev.graphlaunch.gateway.console.ConsoleResource;
import dev.graphlaunch.gateway.controls.AdminRunsResource;
import dev.graphlaunch.gateway.controls.CancelRunResource;
import dev.graphlaunch.gateway.controls.RerunResource;
import dev.graphlaunch.gateway.controls.RunCanceller;
import dev.graphlaunch.gateway.controls.RunControlDao;
import dev.graphlaunch.gateway.controls.RunRerunner;
import dev.graphlaunch.gateway.controls.WorkflowCancellation;
import dev.graphlaunch.gateway.db.Database;
import dev.graphlaunch.gateway.db.SqlObjects;
import dev.graphlaunch.gateway.events.RunEventLog;
import dev.graphlaunch.gateway.events.RunEventStreams;
import dev.graphlaunch.gateway.events.RunEventsResource;
import dev.graphlaunch.gateway.execution.AttemptRunner;
import dev.graphlaunch.gateway.execution.GraphCatalog;
import dev.graphlaunch.gateway.execution.GraphExecutorPort;
import dev.graphlaunch.gateway.execution.GraphProvider;
import dev.graphlaunch.gateway.execution.NamespaceGraphRouter;
import dev.graphlaunch.gateway.execution.UnknownGraphException;
import dev.graphlaunch.gateway.execution.billing.BillingGraphExecutorDecorator;
import dev.graphlaunch.gateway.execution.billing.ChargeReceiptDao;
import dev.graphlaunch.gateway.execution.builtin.BuiltinGraphProvider;
import dev.graphlaunch.gateway.execution.builtin.CiFailureTriageGraph;
import dev.graphlaunch.gateway.execution.builtin.EchoGraph;
import dev.graphlaunch.gateway.execution.openai.OpenAiConfig;
import dev.graphlaunch.gateway.execution.openai.OpenAiGraphProvider;
import dev.graphlaunch.gateway.grants.ApiKeyGrantPolicy;
import dev.graphlaunch.gateway.grants.GrantChecker;
import dev.graphlaunch.gateway.health.StartBacklogHealthCheck;
import dev.graphlaunch.gateway.health.TemporalHealthCheck;
import dev.graphlaunch.gateway.internal.InternalGraphRunsResource;
import dev.graphlaunch.gateway.internal.InternalRunsResource;
import dev.graphlaunch.gateway.metrics.GatewayMetrics;
import dev.graphlaunch.gateway.metrics.MeterRegistries;
import dev.graphlaunch.gateway.metrics.MetricsJdbiConfig;
import dev.graphlaunch.gateway.metrics.TemporalMetrics;
import dev.graphlaunch.gateway.priority.RunPriorities;
import dev.graphlaunch.gateway.ratelimit.RateLimiter;
import dev.graphlaunch.gateway.ratelimit.Ticker;
import dev.graphlaunch.gateway.reconcile.RunReconciler;
import dev.graphlaunch.gateway.reconcile.TemporalWorkflowDirectory;
import dev.graphlaunch.gateway.openapi.OpenApiResource;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.RunAttemptDao;
import dev.graphlaunch.gateway.runs.RunAttemptsResource;
import dev.graphlaunch.gateway.runs.RunEventDao;
import dev.graphlaunch.gateway.runs.RunIdParamConverter;
import dev.graphlaunch.gateway.runs.RunLedger;
import dev.graphlaunch.gateway.runs.RunSlotDao;
import dev.graphlaunch.gateway.runs.RunsResource;
import dev.graphlaunch.gateway.schedules.AdminSchedulesResource;
import dev.graphlaunch.gateway.schedules.ScheduleAdmin;
import dev.graphlaunch.gateway.schedules.ScheduleApplier;
import dev.graphlaunch.gateway.schedules.ScheduleBackfillResource;
import dev.graphlaunch.gateway.schedules.ScheduleBackfiller;
import dev.graphlaunch.gateway.schedules.ScheduleDeclarationDao;
import dev.graphlaunch.gateway.schedules.ScheduleGrantPolicy;
import dev.graphlaunch.gateway.schedules.ScheduleLoader;
import dev.graphlaunch.gateway.schedules.ScheduleStartupApply;
import dev.graphlaunch.gateway.schedules.SchedulesConfiguration;
import dev.graphlaunch.gateway.schedules.TemporalSchedules;
import dev.graphlaunch.gateway.temporal.TemporalFactory;
import dev.graphlaunch.gateway.triggers.OutboxRelay;
import dev.graphlaunch.gateway.triggers.RunStarter;
import dev.graphlaunch.gateway.triggers.RunStartOutboxDao;
import dev.graphlaunch.gateway.triggers.RunStarts;
import dev.graphlaunch.gateway.triggers.StartBacklogGauges;
import dev.graphlaunch.gateway.triggers.StartBacklog;
import dev.graphlaunch.gateway.triggers.StartSettlements;
import dev.graphlaunch.gateway.triggers.WorkflowStarter;
import dev.graphlaunch.gateway.triggers.api.ChatResource;
import dev.graphlaunch.gateway.triggers.webhook.CiFailureIntake;
import dev.graphlaunch.gateway.triggers.webhook.CiFailureLedger;
import dev.graphlaunch.gateway.triggers.webhook.DeliveryBodyPurge;
import dev.graphlaunch.gateway.triggers.webhook.DeliveryFilter;
import dev.graphlaunch.gateway.triggers.webhook.DeliveryReplays;
import dev.graphlaunch.gateway.triggers.webhook.GitHubDeliveries;
import dev.graphlaunch.gateway.triggers.webhook.GitHubWebhookConfig;
import dev.graphlaunch.gateway.triggers.webhook.GitHubWebhookResource;
import dev.graphlaunch.gateway.triggers.webhook.WebhookDeliveriesResource;
import dev.graphlaunch.gateway.triggers.webhook.WebhookDeliveryDao;
import dev.graphlaunch.gateway.triggers.webhook.WebhookGrantPolicy;
import dev.graphlaunch.gateway.triggers.webhook.WebhookReplayDao;
import dev.graphlaunch.gateway.triggers.webhook.WebhookReplayResource;
import dev.graphlaunch.gateway.triggers.webhook.catchup.CatchUpDao;
import dev.graphlaunch.gateway.triggers.webhook.catchup.CatchUpHealthCheck;
import dev.graphlaunch.gateway.triggers.webhook.catchup.CatchUpPoller;
import dev.graphlaunch.gateway.triggers.webhook.catchup.CatchUpResource;
import dev.graphlaunch.gateway.triggers.webhook.catchup.CatchUpScanner;
import dev.graphlaunch.gateway.triggers.webhook.catchup.GitHubActionsApi;
import dev.graphlaunch.gateway.usage.UsageDao;
import dev.graphlaunch.gateway.usage.UsageResource;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.Managed;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds the object graph once, so the application only registers it. */
public final class GatewayContext {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayContext.class);

    final Jdbi jdbi;
    final ApiKeyAuthenticator authenticator;
    final List<Object> resources;
    final List<Managed> managed;
    final TemporalHealthCheck temporalHealth;
    final PrometheusMeterRegistry meters;
    final StartBacklogHealthCheck startBacklogHealth;
    /** Null while GitHub catch-up is off. */
    final CatchUpHealthCheck catchUpHealth;

    GatewayContext(GatewayConfiguration config, Environment environment) {
        ObjectMapper mapper = environment.getObjectMapper();
        jdbi = Database.configure(new JdbiFactory().build(environment,
                Database.withConnectionState(config.getDatabase()), "postgresql"), mapper);
        meters = MeterRegistries.prometheusWithJvm();
        GatewayMetrics metrics = new GatewayMetrics(meters);
        jdbi.getConfig(MetricsJdbiConfig.class).setMetrics(metrics);

        TemporalFactory temporal = config.getTemporal();
        com.uber.m3.tally.Scope temporalMetrics = TemporalMetrics.scope(meters);
        WorkflowServiceStubs stubs = temporal.buildStubs(temporalMetrics);
        temporalHealth = new TemporalHealthCheck(stubs, temporal.connection());
        // DAOs are built once, their SqlObject metadata computed up front (SqlObjects says why); only
        // the schedule applier, which owns its transactions, and the reconciler, whose advisory lock
        // lives on one connection for a whole tick, keep Jdbi.
        GraphRunDao runs = SqlObjects.onDemand(jdbi, GraphRunDao.class);
        RunLedger ledger = SqlObjects.onDemand(jdbi, RunLedger.class);
        RunEventDao runEvents = SqlObjects.onDemand(jdbi, RunEventDao.class);
        ScheduleDeclarationDao scheduleDeclarations = SqlObjects.onDemand(jdbi, ScheduleDeclarationDao.class);
        WebhookDeliveryDao webhookDeliveries = SqlObjects.onDemand(jdbi, WebhookDeliveryDao.class);
        WebhookReplayDao webhookReplays = SqlObjects.onDemand(jdbi, WebhookReplayDao.class);

        RunStartOutboxDao outbox = SqlObjects.onDemand(jdbi, RunStartOutboxDao.class);
        RunPriorities priorities = new RunPriorities(config.getPriority());
        OutboxRelay relay = new OutboxRelay(outbox, SqlObjects.onDemand(jdbi, StartSettlements.class), mapper,
                new WorkflowStarter(temporal.buildClient(stubs), priorities), config.relaySettings());
        StartBacklog backlog = new StartBacklog(outbox, config.getStartBacklog());
        // Visible on the admin port's /metrics, as of the last refresh.
        StartBacklogGauges.register(meters, backlog);
        startBacklogHealth = new StartBacklogHealthCheck(outbox,
                config.getStartBacklog().unhealthyAfter().toJavaDuration(), Clock.systemUTC());
        RunStarter runStarter = new RunStarter(SqlObjects.onDemand(jdbi, RunStarts.class), mapper, relay, backlog, metrics);

        List<GraphProvider> providers = graphProviders(config);
        GraphCatalog catalog = catalogOf(providers);
        GraphExecutorPort executor = new BillingGraphExecutorDecorator(new NamespaceGraphRouter(providers),
                SqlObjects.onDemand(jdbi, ChargeReceiptDao.class), config.getBilling().creditsPerCostUnit(), environment.metrics(), metrics);
        RunEventLog eventLog = new RunEventLog(runEvents);
        AttemptRunner attemptRunner = new AttemptRunner(ledger, executor, eventLog, config.getExecution());
        EventsConfig events = config.getEvents();
        RunEventStreams streams = new RunEventStreams(runEvents, mapper, events.pollInterval().toJavaDuration(),
                events.heartbeatInterval().toJavaDuration(), events.stallTimeout().toJavaDuration(),
                events.maxStreamsPerTenant());

        ApiKeys apiKeys = new ApiKeys(SqlObjects.onDemand(jdbi, ApiKeyDao.class),
                config.getApiKeyCacheTtl().toJavaDuration());
        authenticator = new ApiKeyAuthenticator(apiKeys);
        GitHubWebhookConfig webhook = requireKnownGraph(config.getGithubWebhook(), catalog);
        DeliveryFilter webhookFilter = new DeliveryFilter(webhook);
        GrantChecker grants = new GrantChecker(List.of(new ApiKeyGrantPolicy(apiKeys),
                new WebhookGrantPolicy(webhook, webhookFilter), new ScheduleGrantPolicy(scheduleDeclarations)));
        ScheduleClient schedules = temporal.buildScheduleClient(stubs);
        RunControlDao controls = SqlObjects.onDemand(jdbi, RunControlDao.class);
        RunCanceller canceller = new RunCanceller(runs, controls, new WorkflowCancellation(temporal.buildClient(stubs)));
        RunRerunner rerunner = new RunRerunner(runs, controls, catalog, runStarter);
        // Every way a CI failure is found (delivery, replay, catch-up) goes through this one intake.
        CiFailureIntake ciFailures = new CiFailureIntake(webhook, jdbi.onDemand(CiFailureLedger.class), mapper, relay,
                metrics);
        GitHubDeliveries gitHubDeliveries = new GitHubDeliveries(webhook, webhookFilter, ciFailures, webhookDeliveries,
                webhookReplays, mapper, metrics);
        CatchUpPoller catchUp = catchUpPoller(webhook, webhookFilter, ciFailures, mapper, metrics);
        catchUpHealth = catchUp == null ? null
                : new CatchUpHealthCheck(catchUp, webhook.catchUp().interval().toJavaDuration(), Clock.systemUTC());
        // Webhooks and schedules never pass it: only the API triggers (chat, rerun) take this.
        RateLimiter rateLimiter = new RateLimiter(config.getRateLimits(),
                (tenantId, key) -> runs.findByKey(tenantId, key).isPresent(), metrics, Ticker.system());
        ConcurrencyConfig concurrency = config.getConcurrency();
        RunSlotDao runSlots = SqlObjects.onDemand(jdbi, RunSlotDao.class);
        SlotDispatcher slotDispatcher = new SlotDispatcher(runSlots,
                new SlotSignals(temporal.buildClient(stubs)), concurrency);

        resources = List.of(
                new RunIdParamConverter(),
                new ChatResource(catalog, runStarter, rateLimiter),
                new RunsResource(runs, runSlots),
                new RunAttemptsResource(runs, SqlObjects.onDemand(jdbi, RunAttemptDao.class)),
                new GitHubWebhookResource(gitHubDeliveries),
                new WebhookDeliveriesResource(webhookDeliveries),
                new WebhookReplayResource(new DeliveryReplays(webhook, gitHubDeliveries, webhookDeliveries,
                        webhookReplays, runs, runStarter, Clock.systemUTC())),
                new CatchUpResource(webhook, catchUp),
                new RunEventsResource(runs, runEvents, streams),
                new UsageResource(SqlObjects.onDemand(jdbi, UsageDao.class), Clock.systemUTC()),
                new InternalRunsResource(ledger, grants, attemptRunner, new ConcurrencyLimits(concurrency),
                        slotDispatcher),
                new InternalGraphRunsResource(runs, attemptRunner),
                new AdminSchedulesResource(new ScheduleAdmin(scheduleDeclarations, schedules)),
                new OpenApiResource(),
                new CancelRunResource(runs, canceller),
                new RerunResource(runs, rerunner, rateLimiter),
                new AdminRunsResource(controls, canceller, rerunner),
                new ScheduleBackfillResource(new ScheduleBackfiller(scheduleDeclarations, schedules), Clock.systemUTC()),
                new ConsoleResource());
        RunReconciler reconciler = new RunReconciler(jdbi, ledger,
                new TemporalWorkflowDirectory(stubs, temporal.getNamespace()), config.getReconcile(),
                Clock.systemUTC());
        managed = new ArrayList<>(List.of(temporal.startupCheck(stubs), relay, backlog, streams, reconciler, attemptRunner,
                slotDispatcher, TemporalFactory.closing(stubs), TemporalMetrics.closing(temporalMetrics)));
        managed.add(new DeliveryBodyPurge(webhookReplays, webhook, Clock.systemUTC()));
        if (catchUp != null) {
            managed.add(catchUp);
        }
        SchedulesConfiguration declared = config.getSchedules();
        if (declared != null && declared.applyOnStart()) {
            ScheduleLoader loader = new ScheduleLoader(catalog);
            ScheduleApplier applier = new ScheduleApplier(loader, new TemporalSchedules(schedules, priorities), jdbi);
            managed.add(new ScheduleStartupApply(loader, applier, Path.of(declared.file())));
        }
    }

    /**
     * Also used by CLI commands, which validate graph ids without building the whole gateway (null:
     * the defaults). A disabled namespace is not registered at all, so its graphs are unknown (404).
     */
    public static List<GraphProvider> graphProviders(GatewayConfiguration config) {
        GraphsConfig graphs = config == null ? GraphsConfig.defaults() : config.getGraphs();
        List<GraphProvider> providers = new ArrayList<>();
        providers.add(new BuiltinGraphProvider(List.of(new EchoGraph(), new CiFailureTriageGraph()),
                graphs.builtinPrices()));
        OpenAiConfig openai = graphs.openai();
        if (openai.enabled()) {
            providers.add(new OpenAiGraphProvider(openai, apiKey(openai), Jackson.newObjectMapper()));
        }
        return List.copyOf(providers);
    }

    public static GraphCatalog catalogOf(List<GraphProvider> providers) {
        return new GraphCatalog(providers.stream().map(GraphProvider::describe).toList());
    }

    private static String apiKey(OpenAiConfig openai) {
        if (openai.apiKeyEnv() == null || openai.apiKeyEnv().isBlank()) {
            return null;
        }
        String key = System.getenv(openai.apiKeyEnv());
        if (key == null || key.isBlank()) {
            LOG.warn("graphs.openai.apiKeyEnv names {}, which is not set: calls go out without a key",
                    openai.apiKeyEnv());
        }
        return key;
    }

    /**
     * The GitHub catch-up, or null when it is off. It reports what it finds to the CI-failure intake
     * deliveries and replays go through, so a failure is one {@code ci_failures} row whichever way
     * it arrives, and joins its commit's debounce batch like a delivery would.
     */
    private CatchUpPoller catchUpPoller(GitHubWebhookConfig webhook, DeliveryFilter filter, CiFailureIntake ciFailures,
            ObjectMapper mapper, GatewayMetrics metrics) {
        if (!webhook.catchUp().active()) {
            if (webhook.enabled()) {
                LOG.info("githubWebhook.catchUp is off (no token): failures whose delivery is lost are not caught up");
            }
            return null;
        }
        CatchUpDao dao = SqlObjects.onDemand(jdbi, CatchUpDao.class);
        GitHubActionsApi github = new GitHubActionsApi(webhook.catchUp(), mapper, Clock.systemUTC(),
                duration -> Thread.sleep(duration.toMillis()));
        CatchUpScanner scanner = new CatchUpScanner(webhook, github, filter, ciFailures, dao, Clock.systemUTC());
        return new CatchUpPoller(webhook.catchUp(), webhook.catchUpRepositories(), scanner, dao, metrics);
    }

    /** Fails at startup, not on the first failing CI run. */
    private static GitHubWebhookConfig requireKnownGraph(GitHubWebhookConfig webhook, GraphCatalog catalog) {
        try {
            if (webhook.enabled() || webhook.catchUp().active()) {
                catalog.require(webhook.graph());
            }
            return webhook;
        } catch (UnknownGraphException e) {
            throw new IllegalStateException("githubWebhook.graph: " + e.getMessage(), e);
        }
    }
}
