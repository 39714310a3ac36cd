package io.jitgate.loadtest;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The gateway a scenario runs against, as the launcher names it from {@code .jitgate/dev/agent.env}. */
final class RunningGateway {
    @Option(names = "--url", required = true, description = "the gateway's MCP URL")
    URI url;

    @Option(names = "--token", required = true, description = "an agent bearer token")
    String token;

    @Option(names = "--audit", description = "the gateway's attribution log (the scenarios that read stage timings need it)")
    Path audit;
}
