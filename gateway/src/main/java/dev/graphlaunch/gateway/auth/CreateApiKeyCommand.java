package dev.graphlaunch.gateway.auth;

import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.db.Database;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.util.Arrays;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;

/** {@code gateway keys-create --tenant T --principal P --scopes a,b CONFIG}: prints the key once. */
public class CreateApiKeyCommand extends ConfiguredCommand<GatewayConfiguration> {

    public CreateApiKeyCommand() {
        super("keys-create", "Creates an API key and prints it once (only its hash is stored).");
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--tenant").required(true).help("tenant the key belongs to: " + TenantIds.RULE);
        subparser.addArgument("--principal").required(true).help("who uses the key; becomes requested_by");
        subparser.addArgument("--scopes").required(true)
                .help("comma-separated: runs:write, runs:read, admin and graph patterns such as builtin:*");
        subparser.addArgument("--description").setDefault("").help("what the key is for");
    }

    @Override
    protected void run(Bootstrap<GatewayConfiguration> bootstrap, Namespace namespace, GatewayConfiguration config) {
        // Before any connection: a refused tenant leaves nothing behind.
        TenantIds.require(namespace.getString("tenant"));
        List<String> scopes = Arrays.stream(namespace.getString("scopes").split(","))
                .map(String::strip)
                .filter(scope -> !scope.isEmpty())
                .toList();
        Jdbi jdbi = Database.forCommand(config.getDatabase(), bootstrap.getMetricRegistry(),
                bootstrap.getObjectMapper(), "keys-create");
        ApiKeys.IssuedKey issued = new ApiKeys(jdbi.onDemand(ApiKeyDao.class)).issue(namespace.getString("tenant"),
                namespace.getString("principal"), scopes, namespace.getString("description"));
        System.out.println(issued.key());
        System.err.println("Created API key " + issued.id() + " for tenant " + namespace.getString("tenant")
                + " with scopes " + scopes + ". It is shown only this once.");
    }

    /** An operator's mistake is one line, not a stack trace. */
    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof IllegalArgumentException refused) {
            cli.getStdErr().println("keys-create: " + refused.getMessage());
        } else {
            super.onError(cli, namespace, e);
        }
    }
}
