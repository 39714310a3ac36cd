package io.jitgate.loadtest;

import io.jitgate.loadtest.gen.LoadGenerator;
import io.jitgate.loadtest.gen.Report;
import io.jitgate.loadtest.gen.RunResult;
import io.jitgate.loadtest.gen.TargetProcess;
import io.jitgate.loadtest.gen.Workload;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One load run against one MCP server: a tool (or a mix of calls from a file), open or closed loop,
 * many sessions; writes the text, JSON and HTML reports. The launcher's {@code overhead},
 * {@code s3-read}, {@code mix} and {@code policy-heavy} scenarios are this command with their calls.
 */
@Command(name = "run", description = "One open- or closed-loop load run against an MCP server, with text, JSON and HTML reports.")
final class RunLoad implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "the server's MCP URL")
    URI url;

    @Option(names = "--token", description = "a bearer token (none if not given)")
    String token;

    @Option(names = "--pid", defaultValue = "0", description = "the server's process id (CPU and resident memory are sampled)")
    long pid;

    @Option(names = "--name", defaultValue = "run", description = "report name, also the file names' prefix")
    String name;

    @Option(names = "--tool", defaultValue = "echo")
    String tool;

    @Option(names = "--arguments", defaultValue = "{\"text\":\"hello\"}")
    String arguments;

    @Option(names = "--meta", description = "the calls' _meta (intent), JSON")
    String meta;

    @Option(names = "--mix", description = "a JSON file of calls with weights (instead of --tool/--arguments/--meta)")
    Path mix;

    @Mixin
    LoadOptions load;

    @Override
    public Integer call() throws Exception {
        CallMix calls = mix != null ? CallMix.read(mix)
                : CallMix.single(tool, new JsonObject(arguments), meta == null ? null : new JsonObject(meta));
        Vertx vertx = Vertx.vertx();
        try {
            Context context = vertx.getOrCreateContext();
            McpTarget target = new McpTarget(name, url, token, new TargetProcess(pid), calls);
            Workload work = target.open(vertx, load.sessions, load.connections);
            RunResult result = new LoadGenerator(vertx, target.process(), Duration.ofSeconds(30))
                    .run(context, name, load.shape(), work).await((long) (load.seconds + load.warmupSeconds) + 120, TimeUnit.SECONDS);
            JsonObject summary = new JsonObject().put("url", url.toString()).put("sessions", load.sessions)
                    .put("calls", mix != null ? mix.toString() : tool + " " + arguments);
            Report report = new Report(name + " (" + load.shape().describe() + ", " + load.sessions + " sessions)", List.of(result), summary);
            Path html = report.write(load.out, name + "-" + stamp());
            System.out.print(report.text());
            System.out.println("reports: " + html + " (and .json, .txt)");
            return result.errors() == 0 ? 0 : 2;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    static String stamp() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }
}
