package io.jitgate.cli;

import io.jitgate.Gateway;
import io.jitgate.config.ConfigLoader;
import io.jitgate.config.GatewayConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jitgate serve --config FILE}: runs the gateway until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the gateway.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "the gateway's JSON configuration file")
    Path config;

    @Option(names = "--benchmark-discard-audit", hidden = true,
            description = "write NO attribution records (only to measure what the log costs; see loadtest/)")
    boolean discardAudit;

    @Override
    public Integer call() throws Exception {
        GatewayConfig settings = ConfigLoader.load(config);
        Vertx vertx = Vertx.vertx();
        Gateway gateway;
        try {
            if (discardAudit) {
                System.err.println("jitgate: WARNING: --benchmark-discard-audit: no attribution records are kept");
            }
            gateway = Gateway.start(vertx, settings, new Gateway.Hooks(io.jitgate.stages.CredentialObserver.NONE, discardAudit))
                    .await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                gateway.stop().await(10, TimeUnit.SECONDS);
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // shutting down anyway
            }
            stopped.countDown();
        }));
        System.out.println("jitgate: serving MCP at http://" + settings.http().host() + ":" + gateway.port() + Gateway.MCP_PATH);
        stopped.await();
        return 0;
    }
}
