package io.jitgate.loadtest;

import io.jitgate.aws.AwsClients;
import io.jitgate.aws.AwsOperation;
import io.jitgate.aws.AwsOperations;
import io.jitgate.config.ConfigLoader;
import io.jitgate.config.GatewayConfig;
import io.jitgate.credentials.IssuedCredentials;
import io.jitgate.credentials.SessionPolicies;
import io.jitgate.credentials.StsNarrower;
import io.jitgate.credentials.VaultSession;
import io.jitgate.credentials.VaultStsIssuer;
import io.jitgate.tools.CredentialType;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolDefinition;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * What per-call narrowing costs: the credentials + AWS part of one call of a narrowing tool, without
 * and with the second AssumeRole, alternating call by call in the same run, with the gateway's own
 * classes (its Vault session and issuer, {@link StsNarrower}, the tool's AWS operation) against the
 * stack of the running {@code ./jitgate dev}. Sequential, so the numbers are latency, not throughput.
 */
@Command(name = "narrowing", description = "Latency of Vault credentials + the AWS call, without and with the second AssumeRole "
        + "(session policy), side by side.")
final class Narrowing implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "the gateway's configuration (its Vault and AWS settings)")
    Path config;

    @Option(names = "--tool", defaultValue = "s3_read_object", description = "a tool whose definition narrows (default: ${DEFAULT-VALUE})")
    String toolName;

    @Option(names = "--calls", defaultValue = "300", description = "calls per side")
    int calls;

    @Option(names = "--warmup", defaultValue = "50", description = "calls per side before measuring")
    int warmup;

    @Option(names = "--json", description = "also write the numbers here")
    Path json;

    @Override
    public Integer call() throws Exception {
        GatewayConfig settings = ConfigLoader.load(config);
        Vertx vertx = Vertx.vertx();
        WorkerExecutor workers = vertx.createSharedWorkerExecutor("narrowing-vault", 4);
        VaultSession session = new VaultSession(vertx, settings.vault(), workers);
        AwsClients aws = new AwsClients(settings.aws());
        try {
            ToolDefinition tool = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn())
                    .load(settings.toolsDir()).find(toolName)
                    .orElseThrow(() -> new IllegalArgumentException("no tool " + toolName + " in " + settings.toolsDir()));
            if (!tool.aws().credentials().narrows()) {
                throw new IllegalArgumentException("tool " + toolName + " does not narrow its credentials (aws.credentials.narrowTo)");
            }
            await(session.start());
            VaultStsIssuer issuer = new VaultStsIssuer(session);
            StsNarrower narrower = new StsNarrower(aws.sts(), settings.aws().accountId());
            AwsOperation operation = AwsOperations.builtIn().find(tool.aws().service(), tool.aws().operation()).orElseThrow();
            JsonObject arguments = tool.inputSchema().getJsonArray("examples").getJsonObject(0);
            JsonObject parameters = tool.aws().request().render(arguments);
            String policy = SessionPolicies.forCall(tool, arguments);
            Histogram plain = new Histogram(3);
            Histogram narrowed = new Histogram(3);
            Histogram hop = new Histogram(3);
            for (int i = 0; i < warmup + calls; i++) {
                boolean measure = i >= warmup;
                // Alternate which side goes first, so neither always runs on a warmer connection.
                for (int side = 0; side < 2; side++) {
                    boolean narrow = (side == 0) == (i % 2 == 0);
                    String name = "jitgate-bench-" + i + "-" + side;
                    long start = System.nanoTime();
                    IssuedCredentials credentials = await(issuer.issue(tool.vaultRole(), CredentialType.ASSUMED_ROLE, name));
                    if (narrow) {
                        long hopStart = System.nanoTime();
                        credentials = await(narrower.narrow(null, credentials, tool, policy, name));
                        if (measure) {
                            hop.recordValue((System.nanoTime() - hopStart) / 1000);
                        }
                    }
                    operation.invoke(aws, parameters, AwsRequestOverrideConfiguration.builder()
                            .credentialsProvider(credentials.provider()).apiCallTimeout(Duration.ofSeconds(10)).build())
                            .get(20, TimeUnit.SECONDS);
                    if (measure) {
                        (narrow ? narrowed : plain).recordValue((System.nanoTime() - start) / 1000);
                    }
                }
            }
            JsonObject result = new JsonObject().put("tool", toolName).put("calls", calls).put("sessionPolicyChars", policy.length())
                    .put("withoutNarrowing", summary(plain)).put("withNarrowing", summary(narrowed)).put("secondHop", summary(hop))
                    .put("medianCostMs", ms(narrowed.getValueAtPercentile(50) - plain.getValueAtPercentile(50)));
            System.out.printf("narrowing (%s, %d calls per side, sequential, session policy %d chars)%n", toolName, calls, policy.length());
            System.out.printf("  Vault + %s without narrowing: p50 %.2f ms  p90 %.2f ms%n", tool.aws().operation(),
                    ms(plain.getValueAtPercentile(50)), ms(plain.getValueAtPercentile(90)));
            System.out.printf("  Vault + AssumeRole + %s:      p50 %.2f ms  p90 %.2f ms%n", tool.aws().operation(),
                    ms(narrowed.getValueAtPercentile(50)), ms(narrowed.getValueAtPercentile(90)));
            System.out.printf("  the second hop alone:          p50 %.2f ms  p90 %.2f ms; difference of medians %.2f ms%n",
                    ms(hop.getValueAtPercentile(50)), ms(hop.getValueAtPercentile(90)), result.getDouble("medianCostMs"));
            if (json != null) {
                Files.writeString(json, result.encodePrettily() + "\n");
            }
            return 0;
        } finally {
            session.close();
            aws.close();
            vertx.close();
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static JsonObject summary(Histogram h) {
        return new JsonObject().put("p50Ms", ms(h.getValueAtPercentile(50))).put("p90Ms", ms(h.getValueAtPercentile(90)))
                .put("meanMs", Math.round(h.getMean()) / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
