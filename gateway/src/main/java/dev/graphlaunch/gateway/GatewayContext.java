package dev.graphlaunch.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.gateway.auth.ApiKeyAuthenticator;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
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
import dev.graphlaunch.gateway.reconcile.RunReconciler;
import dev.graphlaunch.gateway.reconcile.TemporalWorkflowDirectory;
import dev.graphlaunch.gateway.openapi.OpenApiResource;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.RunEventDao;
import dev.graphlaunch.gateway.runs.RunIdParamConverter;
import dev.graphlaunch.gateway.runs.RunLedger;
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
import dev.graphlaunch.gateway.triggers.webhook.DeliveryFilter;
import dev.graphlaunch.gateway.triggers.webhook.FailureTrigger;
import dev.graphlaunch.gateway.triggers.webhook.GitHubDeliveries;
import dev.graphlaunch.gateway.triggers.webhook.GitHubWebhookConfig;
import dev.graphlaunch.gateway.triggers.webhook.GitHubWebhookResource;
import dev.graphlaunch.gateway.triggers.webhook.WebhookDeliveriesResource;
import dev.graphlaunch.gateway.triggers.webhook.WebhookDeliveryDao;
import dev.graphlaunch.gateway.triggers.webhook.WebhookGrantPolicy;
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
        jdbi = Database.configure(new JdbiFactory().build(environment, config.getDatabase(), "postgresql"), mapper);
        meters = MeterRegistries.prometheusWithJvm();
        GatewayMetrics metrics = new GatewayMetrics(meters);
        jdbi.getConfig(MetricsJdbiConfig.class).setMetrics(metrics);

        TemporalFactory temporal = config.getTemporal();
        com.uber.m3.tally.Scope temporalMetrics = TemporalMetrics.scope(meters);
        WorkflowServiceStubs stubs = temporal.buildStubs(temporalMetrics);
        temporalHealth = new TemporalHealthCheck(stubs, temporal.connection());
        // DAOs are built once; only the schedule applier, which owns its transactions, and the
        // reconciler, whose advisory lock lives on one connection for a whole tick, keep Jdbi.
        GraphRunDao runs = jdbi.onDemand(GraphRunDao.class);
        RunLedger ledger = jdbi.onDemand(RunLedger.class);
        RunEventDao runEvents = jdbi.onDemand(RunEventDao.class);
        ScheduleDeclarationDao scheduleDeclarations = jdbi.onDemand(ScheduleDeclarationDao.class);
        WebhookDeliveryDao webhookDeliveries = jdbi.onDemand(WebhookDeliveryDao.class);

        RunStartOutboxDao outbox = jdbi.onDemand(RunStartOutboxDao.class);
        OutboxRelay relay = new OutboxRelay(outbox, jdbi.onDemand(StartSettlements.class), mapper,
                new WorkflowStarter(temporal.buildClient(stubs)), config.relaySettings());
        StartBacklog backlog = new StartBacklog(outbox, config.getStartBacklog());
        // Visible on the admin port's /metrics, as of the last refresh.
        StartBacklogGauges.register(meters, backlog);
        startBacklogHealth = new StartBacklogHealthCheck(outbox,
                config.getStartBacklog().unhealthyAfter().toJavaDuration(), Clock.systemUTC());
        RunStarter runStarter = new RunStarter(jdbi.onDemand(RunStarts.class), mapper, relay, backlog, metrics);

        List<GraphProvider> providers = graphProviders(config);
        GraphCatalog catalog = catalogOf(providers);
        GraphExecutorPort executor = new BillingGraphExecutorDecorator(new NamespaceGraphRouter(providers),
                jdbi.onDemand(ChargeReceiptDao.class), config.getBilling().creditsPerCostUnit(), environment.metrics(), metrics);
        RunEventLog eventLog = new RunEventLog(runEvents);
        AttemptRunner attemptRunner = new AttemptRunner(ledger, executor, eventLog, config.getExecution());
        EventsConfig events = config.getEvents();
        RunEventStreams streams = new RunEventStreams(runEvents, mapper, events.pollInterval().toJavaDuration(),
                events.heartbeatInterval().toJavaDuration(), events.stallTimeout().toJavaDuration(),
                events.maxStreamsPerTenant());

        ApiKeys apiKeys = new ApiKeys(jdbi.onDemand(ApiKeyDao.class));
        authenticator = new ApiKeyAuthenticator(apiKeys);
        GitHubWebhookConfig webhook = requireKnownGraph(config.getGithubWebhook(), catalog);
        DeliveryFilter webhookFilter = new DeliveryFilter(webhook);
        GrantChecker grants = new GrantChecker(List.of(new ApiKeyGrantPolicy(apiKeys),
                new WebhookGrantPolicy(webhook, webhookFilter), new ScheduleGrantPolicy(scheduleDeclarations)));
        ScheduleClient schedules = temporal.buildScheduleClient(stubs);
        RunControlDao controls = jdbi.onDemand(RunControlDao.class);
        RunCanceller canceller = new RunCanceller(runs, controls, new WorkflowCancellation(temporal.buildClient(stubs)));
        RunRerunner rerunner = new RunRerunner(runs, controls, catalog, runStarter);
        GitHubDeliveries gitHubDeliveries =
                new GitHubDeliveries(webhook, webhookFilter, runStarter, webhookDeliveries, mapper, metrics);
        CatchUpPoller catchUp = catchUpPoller(webhook, webhookFilter, gitHubDeliveries, mapper, metrics);
        catchUpHealth = catchUp == null ? null
                : new CatchUpHealthCheck(catchUp, webhook.catchUp().interval().toJavaDuration(), Clock.systemUTC());

        resources = List.of(
                new RunIdParamConverter(),
                new ChatResource(catalog, runStarter),
                new RunsResource(runs),
                new GitHubWebhookResource(gitHubDeliveries),
                new WebhookDeliveriesResource(webhookDeliveries),
                new CatchUpResource(webhook, catchUp),
                new RunEventsResource(runs, runEvents, streams),
                new UsageResource(jdbi.onDemand(UsageDao.class), Clock.systemUTC()),
                new InternalRunsResource(ledger, grants, attemptRunner),
                new InternalGraphRunsResource(runs, attemptRunner),
                new AdminSchedulesResource(new ScheduleAdmin(scheduleDeclarations, schedules)),
                new OpenApiResource(),
                new CancelRunResource(runs, canceller),
                new RerunResource(runs, rerunner),
                new AdminRunsResource(controls, canceller, rerunner),
                new ScheduleBackfillResource(new ScheduleBackfiller(scheduleDeclarations, schedules), Clock.systemUTC()),
                new ConsoleResource());
        RunReconciler reconciler = new RunReconciler(jdbi, ledger,
                new TemporalWorkflowDirectory(stubs, temporal.getNamespace()), config.getReconcile(),
                Clock.systemUTC());
        managed = new ArrayList<>(List.of(temporal.startupCheck(stubs), relay, backlog, streams, reconciler,
                TemporalFactory.closing(stubs), TemporalMetrics.closing(temporalMetrics)));
        if (catchUp != null) {
            managed.add(catchUp);
        }
        SchedulesConfiguration declared = config.getSchedules();
        if (declared != null && declared.applyOnStart()) {
            ScheduleLoader loader = new ScheduleLoader(catalog);
            ScheduleApplier applier = new ScheduleApplier(loader, new TemporalSchedules(schedules), jdbi);
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
     * The GitHub catch-up, or null when it is off. It triggers through the delivery path's own
     * {@code FailureTrigger}, so a failure is one run whichever way it arrives.
     */
    private CatchUpPoller catchUpPoller(GitHubWebhookConfig webhook, DeliveryFilter filter, FailureTrigger trigger,
            ObjectMapper mapper, GatewayMetrics metrics) {
        if (!webhook.catchUp().active()) {
            if (webhook.enabled()) {
                LOG.info("githubWebhook.catchUp is off (no token): failures whose delivery is lost are not caught up");
            }
            return null;
        }
        CatchUpDao dao = jdbi.onDemand(CatchUpDao.class);
        GitHubActionsApi github = new GitHubActionsApi(webhook.catchUp(), mapper, Clock.systemUTC(),
                duration -> Thread.sleep(duration.toMillis()));
        CatchUpScanner scanner = new CatchUpScanner(webhook, github, filter, trigger, dao, Clock.systemUTC());
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
