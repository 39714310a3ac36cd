package io.jitgate.telemetry;

import io.jitgate.pipeline.StageTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Tracing as configured: off (the default: {@link StageTracer#NONE}, nothing is exported), or OTLP
 * over HTTP to {@code telemetry.otlpEndpoint} (e.g. {@code http://collector:4318/v1/traces}).
 */
public final class Telemetry implements AutoCloseable {
    public static final Telemetry OFF = new Telemetry(null);
    private final SdkTracerProvider provider;

    private Telemetry(SdkTracerProvider provider) {
        this.provider = provider;
    }

    /** Settings: the OTLP/HTTP traces endpoint, or null for off. */
    public record Settings(URI otlpEndpoint) {
        public static final Settings OFF = new Settings(null);

        public Settings {
            if (otlpEndpoint != null && !("http".equals(otlpEndpoint.getScheme()) || "https".equals(otlpEndpoint.getScheme()))) {
                throw new IllegalArgumentException("telemetry.otlpEndpoint must be an http(s) URL, but was " + otlpEndpoint);
            }
        }
    }

    public static Telemetry start(Settings settings) {
        if (settings == null || settings.otlpEndpoint() == null) {
            return OFF;
        }
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "jitgate"))))
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                        .setEndpoint(settings.otlpEndpoint().toString()).build()).build())
                .build();
        return new Telemetry(provider);
    }

    public StageTracer tracer() {
        return provider == null ? StageTracer.NONE : new OtelStageTracer(provider.get("io.jitgate"));
    }

    @Override
    public void close() {
        if (provider != null) {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }
}
