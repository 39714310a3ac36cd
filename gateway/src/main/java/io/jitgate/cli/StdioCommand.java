package io.jitgate.cli;

import io.jitgate.Gateway;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.config.ConfigLoader;
import io.jitgate.mcp.StdioTransport;
import io.vertx.core.Vertx;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jitgate stdio}: serves one local agent over stdin/stdout, for desktop agents that start the
 * gateway as a local MCP server. Everything but MCP messages goes to stderr.
 */
@Command(name = "stdio", mixinStandardHelpOptions = true,
        description = "Serve one agent over stdin/stdout (newline-delimited JSON-RPC); exits when stdin closes.")
final class StdioCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "the gateway's JSON configuration file")
    Path config;

    @Option(names = "--agent", defaultValue = "${env:JITGATE_AGENT:-stdio-agent}", description = "agent id (env JITGATE_AGENT)")
    String agent;

    @Option(names = "--user", defaultValue = "${env:JITGATE_USER:-${sys:user.name}}", description = "the person the agent acts for (env JITGATE_USER)")
    String user;

    @Option(names = "--groups", split = ",", defaultValue = "${env:JITGATE_GROUPS:-dev-agents}", description = "groups (env JITGATE_GROUPS)")
    List<String> groups;

    @Option(names = "--tenant", defaultValue = "${env:JITGATE_TENANT:-dev}")
    String tenant;

    @Override
    public Integer call() throws Exception {
        // stdout carries MCP messages only: anything else printed by a library goes to stderr.
        PrintStream mcpOut = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
        System.setOut(System.err);
        Vertx vertx = Vertx.vertx();
        try {
            Gateway gateway = Gateway.startWithoutHttp(vertx, ConfigLoader.load(config), Gateway.Hooks.NONE).await(60, TimeUnit.SECONDS);
            AgentPrincipal principal = new AgentPrincipal(agent, user, groups, tenant, List.of("tools:list", "tools:call"));
            StdioTransport transport = new StdioTransport(gateway.methods(), gateway.sessions(), principal,
                    vertx.getOrCreateContext(), mcpOut);
            transport.serve(System.in).await();
            gateway.stop().await(10, TimeUnit.SECONDS);
            return 0;
        } finally {
            mcpOut.flush();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
