package io.jitgate.loadtest.gen;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report writer: text, JSON and a self-contained HTML page from real generator runs. */
class ReportTest {
    @TempDir
    Path dir;

    @Test
    void writesTextJsonAndSelfContainedHtmlWithPlots() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            var context = vertx.getOrCreateContext();
            LoadGenerator generator = new LoadGenerator(vertx, new TargetProcess(ProcessHandle.current().pid()), Duration.ofSeconds(5));
            RunResult ok = generator.run(context, "server <a>", LoadShape.open(300, Duration.ofMillis(100), Duration.ofMillis(1500)),
                    n -> Future.succeededFuture()).await(30, TimeUnit.SECONDS);
            RunResult failing = generator.run(context, "server b", LoadShape.closed(2, Duration.ofMillis(100), Duration.ofMillis(1500)),
                    n -> n % 10 == 0 ? Future.failedFuture("refused & gone") : Future.succeededFuture()).await(30, TimeUnit.SECONDS);

            Report report = new Report("demo report", List.of(ok, failing), new JsonObject().put("ratio", 1.5));
            Path html = report.write(dir, "demo");

            String page = Files.readString(html);
            assertThat(page).startsWith("<!DOCTYPE html>").contains("Latency by percentile", "Throughput over time", "Errors over time",
                    "p99 latency over time", "Server resident memory", "server &lt;a&gt;", "refused &amp; gone", "&quot;ratio&quot; : 1.5");
            assertThat(page.split("<svg ", -1)).hasSize(6);
            assertThat(page).doesNotContain("<script", "https://", "src=");
            assertThat(page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://");

            JsonObject json = new JsonObject(Files.readString(dir.resolve("demo.json")));
            assertThat(json.getJsonObject("summary").getDouble("ratio")).isEqualTo(1.5);
            JsonObject first = json.getJsonArray("runs").getJsonObject(0);
            assertThat(first.getString("mode")).isEqualTo("open");
            assertThat(first.getDouble("ratePerSecond")).isEqualTo(300.0);
            assertThat(first.getLong("errors")).isZero();
            assertThat(first.getJsonObject("latencyMs").getDouble("p99")).isNotNull();
            assertThat(first.getJsonArray("perSecond")).isNotEmpty();
            assertThat(first.getJsonArray("serverRssMiB")).isNotEmpty();
            JsonObject second = json.getJsonArray("runs").getJsonObject(1);
            assertThat(second.getLong("errors")).isEqualTo(failing.errors()).isPositive();
            assertThat(second.getJsonObject("errorSamples").getLong("refused & gone")).isEqualTo(failing.errors());

            String text = Files.readString(dir.resolve("demo.txt"));
            assertThat(text).contains("demo report", "server <a>", "open 300/s", "closed c=2", "error x");
            assertThat(text).doesNotContain("Result");

            // a headline (the summary in words) leads the text, is the HTML's first section and is kept in the JSON
            Report headed = new Report("headed", List.of(ok), new JsonObject().put("ratio", 1.5), "server <a>: 300 calls/s at p99 <= 50 ms\n");
            headed.write(dir, "headed");
            assertThat(Files.readString(dir.resolve("headed.txt")).lines().skip(1).findFirst()).hasValue("server <a>: 300 calls/s at p99 <= 50 ms");
            assertThat(Files.readString(dir.resolve("headed.html"))).contains("<h2>Result</h2>\n<pre>server &lt;a&gt;: 300 calls/s at p99 &lt;= 50 ms");
            assertThat(new JsonObject(Files.readString(dir.resolve("headed.json"))).getString("headline")).startsWith("server <a>: 300 calls/s");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
