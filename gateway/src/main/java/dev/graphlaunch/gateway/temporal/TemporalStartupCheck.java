package dev.graphlaunch.gateway.temporal;

import dev.graphlaunch.contracts.temporal.TemporalConnection;
import dev.graphlaunch.contracts.temporal.TemporalProblems;
import io.dropwizard.lifecycle.Managed;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call to Temporal as the gateway starts. Temporal being down does not stop the start (triggers
 * wait in the outbox), but a connection that can never work does: a CA that does not sign the
 * server's certificate, a client certificate the server wants and does not get, refused
 * credentials. Those stop the start with one sentence naming the address and the problem.
 */
final class TemporalStartupCheck implements Managed {
    private static final Logger log = LoggerFactory.getLogger(TemporalStartupCheck.class);

    private final TemporalConnection connection;
    private final WorkflowServiceStubs stubs;
    private final Duration timeout;

    TemporalStartupCheck(TemporalConnection connection, WorkflowServiceStubs stubs, Duration timeout) {
        this.connection = connection;
        this.stubs = stubs;
        this.timeout = timeout;
    }

    @Override
    public void start() {
        try {
            stubs.blockingStub()
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(connection.namespace()).build());
            log.info("Temporal reachable at {}", connection.describe());
        } catch (RuntimeException e) {
            Optional<String> problem = TemporalProblems.configurationProblem(connection, e);
            if (problem.isPresent()) {
                // No cause attached: the gRPC stack trace says less than the sentence.
                throw new IllegalStateException(problem.get());
            }
            log.warn("Temporal at {} is not answering yet ({}); triggers are accepted and their starts wait in"
                    + " the outbox", connection.describe(), e.getMessage());
        }
    }
}
