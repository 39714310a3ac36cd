package io.jitgate.config;

import io.jitgate.auth.AuthSettings;
import io.jitgate.aws.AwsEndpoints;
import io.jitgate.credentials.VaultSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the gateway needs to start, checked on construction. See {@link ConfigLoader} for the
 * file format.
 */
public record GatewayConfig(
        HttpSettings http,
        Path toolsDir,
        Path policiesDir,
        Path auditFile,
        AuthSettings auth,
        VaultSettings vault,
        AwsEndpoints aws,
        Duration awsCallTimeout,
        io.jitgate.resilience.ResilienceSettings resilience) {

    public GatewayConfig {
        if (awsCallTimeout == null || awsCallTimeout.isZero() || awsCallTimeout.isNegative()) {
            throw new IllegalArgumentException("aws.callTimeout must be > 0, but was " + awsCallTimeout);
        }
        if (resilience == null) {
            resilience = io.jitgate.resilience.ResilienceSettings.DEFAULTS;
        }
    }

    /** The same configuration with other resilience settings (tests). */
    public GatewayConfig withResilience(io.jitgate.resilience.ResilienceSettings settings) {
        return new GatewayConfig(http, toolsDir, policiesDir, auditFile, auth, vault, aws, awsCallTimeout, settings);
    }

    /** The same configuration with other Vault settings (tests). */
    public GatewayConfig withVault(VaultSettings settings) {
        return new GatewayConfig(http, toolsDir, policiesDir, auditFile, auth, settings, aws, awsCallTimeout, resilience);
    }

    /** The same configuration with other AWS endpoints (tests put a fault proxy in front of AWS). */
    public GatewayConfig withAws(AwsEndpoints endpoints) {
        return new GatewayConfig(http, toolsDir, policiesDir, auditFile, auth, vault, endpoints, awsCallTimeout, resilience);
    }

    /**
     * The MCP endpoint's HTTP settings.
     *
     * @param host           the address to listen on
     * @param port           the port (0 picks a free one)
     * @param maxBodyBytes   the largest request body accepted
     * @param allowedOrigins browser origins allowed to call (requests without Origin are always served)
     */
    public record HttpSettings(String host, int port, long maxBodyBytes, java.util.List<String> allowedOrigins) {
        public HttpSettings {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("http.port must be 0-65535, but was " + port);
            }
            if (maxBodyBytes <= 0) {
                throw new IllegalArgumentException("http.maxBodyBytes must be > 0, but was " + maxBodyBytes);
            }
            allowedOrigins = java.util.List.copyOf(allowedOrigins);
        }
    }
}
