package dev.graphlaunch.gateway.auth;

import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.db.Database;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.util.UUID;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code gateway keys-revoke --id UUID CONFIG}: the key stops authenticating within
 * {@code apiKeyCacheTtl} (each running gateway trusts a key it resolved that long), and runs it
 * started that have not executed yet end {@code skipped} at their grant check.
 */
public class RevokeApiKeyCommand extends ConfiguredCommand<GatewayConfiguration> {

    public RevokeApiKeyCommand() {
        super("keys-revoke", "Revokes an API key by id (printed when it was created).");
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--id").required(true).help("the key's id");
    }

    @Override
    protected void run(Bootstrap<GatewayConfiguration> bootstrap, Namespace namespace, GatewayConfiguration config) {
        UUID id = UUID.fromString(namespace.getString("id"));
        ApiKeys keys = new ApiKeys(Database.forCommand(config.getDatabase(), bootstrap.getMetricRegistry(),
                bootstrap.getObjectMapper(), "keys-revoke").onDemand(ApiKeyDao.class));
        if (keys.revoke(id)) {
            System.out.println("Revoked API key " + id + ".");
        } else {
            System.out.println("No active API key " + id + " (unknown or already revoked).");
        }
    }
}
