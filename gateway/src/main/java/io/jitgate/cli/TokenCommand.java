package io.jitgate.cli;

import io.jitgate.auth.DevTokens;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jitgate token}: mints a development agent token with the dev signing key. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Mint a development agent token (signed with the dev stack's key).")
final class TokenCommand implements Callable<Integer> {
    @Option(names = "--key", required = true, description = "the dev signing key (PEM, PKCS#8)")
    Path key;

    @Option(names = "--issuer", defaultValue = DevSetupCommand.ISSUER)
    String issuer;

    @Option(names = "--audience", required = true, description = "the gateway's MCP URL")
    String audience;

    @Option(names = "--agent", defaultValue = "dev-agent")
    String agent;

    @Option(names = "--user", defaultValue = "dev-user")
    String user;

    @Option(names = "--groups", split = ",", defaultValue = "dev-agents")
    List<String> groups;

    @Option(names = "--tenant", defaultValue = "dev")
    String tenant;

    @Option(names = "--minutes", defaultValue = "720", description = "validity in minutes")
    int minutes;

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            String pem = Files.readString(key, StandardCharsets.US_ASCII);
            System.out.println(new DevTokens(vertx, pem, issuer, audience).mint(agent, user, groups, tenant, minutes));
            return 0;
        } finally {
            vertx.close();
        }
    }
}
