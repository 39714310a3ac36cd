package io.jitgate.config;

import io.jitgate.admin.AdminSettings;
import io.jitgate.audit.AuditSettings;
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
        AuditSettings audit,
        AdminSettings admin,
        io.jitgate.telemetry.Telemetry.Settings telemetry,
        io.jitgate.resilience.ResilienceSettings resilience,
        io.jitgate.approvals.ApprovalSettings approvals,
        ContentDirs content) {

    /**
     * Optional catalogue folders beside {@code toolsDir}, each null when not configured.
     *
     * @param localToolsDir tool files of kind {@code local} (handlers built into the gateway, no AWS);
     *                      the default catalogue may not hold them
     * @param resourcesDir  resource files served by {@code resources/*}
     * @param promptsDir    prompt files served by {@code prompts/*}
     */
    public record ContentDirs(Path localToolsDir, Path resourcesDir, Path promptsDir) {
        public static final ContentDirs NONE = new ContentDirs(null, null, null);
    }

    /** A configuration with the default approval settings and without local tools, resources or prompts. */
    public GatewayConfig(HttpSettings http, Path toolsDir, Path policiesDir, Path auditFile, AuthSettings auth,
            VaultSettings vault, AwsEndpoints aws, Duration awsCallTimeout, AuditSettings audit, AdminSettings admin,
            io.jitgate.telemetry.Telemetry.Settings telemetry, io.jitgate.resilience.ResilienceSettings resilience) {
        this(http, toolsDir, policiesDir, auditFile, auth, vault, aws, awsCallTimeout, audit, admin, telemetry, resilience,
                io.jitgate.approvals.ApprovalSettings.DEFAULTS, ContentDirs.NONE);
    }

    /** A configuration with the default audit, resilience and telemetry settings and no admin API. */
    public GatewayConfig(HttpSettings http, Path toolsDir, Path policiesDir, Path auditFile, AuthSettings auth,
            VaultSettings vault, AwsEndpoints aws, Duration awsCallTimeout) {
        this(http, toolsDir, policiesDir, auditFile, auth, vault, aws, awsCallTimeout, AuditSettings.DEFAULTS, AdminSettings.DISABLED);
    }

    /** A configuration with the default resilience settings. */
    public GatewayConfig(HttpSettings http, Path toolsDir, Path policiesDir, Path auditFile, AuthSettings auth,
            VaultSettings vault, AwsEndpoints aws, Duration awsCallTimeout, AuditSettings audit, AdminSettings admin,
            io.jitgate.telemetry.Telemetry.Settings telemetry) {
        this(http, toolsDir, policiesDir, auditFile, auth, vault, aws, awsCallTimeout, audit, admin, telemetry,
                io.jitgate.resilience.ResilienceSettings.DEFAULTS);
    }

    /** A configuration without tracing, with the default resilience settings. */
    public GatewayConfig(HttpSettings http, Path toolsDir, Path policiesDir, Path auditFile, AuthSettings auth,
            VaultSettings vault, AwsEndpoints aws, Duration awsCallTimeout, AuditSettings audit, AdminSettings admin) {
        this(http, toolsDir, policiesDir, auditFile, auth, vault, aws, awsCallTimeout, audit, admin,
                io.jitgate.telemetry.Telemetry.Settings.OFF, io.jitgate.resilience.ResilienceSettings.DEFAULTS);
    }

    public GatewayConfig {
        audit = audit == null ? AuditSettings.DEFAULTS : audit;
        admin = admin == null ? AdminSettings.DISABLED : admin;
        telemetry = telemetry == null ? io.jitgate.telemetry.Telemetry.Settings.OFF : telemetry;
        if (awsCallTimeout == null || awsCallTimeout.isZero() || awsCallTimeout.isNegative()) {
            throw new IllegalArgumentException("aws.callTimeout must be > 0, but was " + awsCallTimeout);
        }
        if (resilience == null) {
            resilience = io.jitgate.resilience.ResilienceSettings.DEFAULTS;
        }
        if (approvals == null) {
            approvals = io.jitgate.approvals.ApprovalSettings.DEFAULTS;
        }
        content = content == null ? ContentDirs.NONE : content;
    }

    /** The same configuration with other resilience settings (tests). */
    public GatewayConfig withResilience(io.jitgate.resilience.ResilienceSettings settings) {
        return new GatewayConfig(http, toolsDir, policiesDir, auditFile, auth, vault, aws, awsCallTimeout, audit, admin, telemetry,
                settings, approvals, content);
    }

    /** The same configuration with other approval timeouts (tests). */
    public GatewayConfig withApprovals(io.jitgate.approvals.ApprovalSettings settings) {
        return new GatewayConfig(http, toolsDir, policiesDir, auditFile, auth, vault, aws, awsCallTimeout, audit, admin, telemetry,
                resilience, settings, content);
    }

    /** The same configuration with other Vault settings (tests). */
    public GatewayConfig withVault(VaultSettings settings) {
        return new GatewayConfig(http, toolsDir, policiesDir, auditFile, auth, settings, aws, awsCallTimeout, audit, admin, telemetry,
                resilience, approvals, content);
    }

    /** The same configuration with other catalogue folders (local tools, resources, prompts). */
    public GatewayConfig withContent(ContentDirs dirs) {
        return new GatewayConfig(http, toolsDir, policiesDir, auditFile, auth, vault, aws, awsCallTimeout, audit, admin, telemetry,
                resilience, approvals, dirs);
    }

    /** The same configuration with other AWS endpoints (tests put a fault proxy in front of AWS). */
    public GatewayConfig withAws(AwsEndpoints endpoints) {
        return new GatewayConfig(http, toolsDir, policiesDir, auditFile, auth, vault, endpoints, awsCallTimeout, audit, admin, telemetry,
                resilience, approvals, content);
    }

    /**
     * The MCP endpoint's HTTP settings.
     *
     * @param host           the address to listen on
     * @param port           the port (0 picks a free one)
     * @param maxBodyBytes   the largest request body accepted
     * @param allowedOrigins browser origins allowed to call (requests without Origin are always served)
     * @param maxResultBytes the largest tool result returned whole; larger ones are cut with a notice
     * @param toolsPageSize  tools per {@code tools/list} page
     * @param sessionKeyFile a file with the key that signs session ids (32+ bytes); shared by every
     *                       instance behind one load balancer. Null: a random key per process
     * @param sessionMaxAge  how long a session id stays valid
     * @param eventLoops     HTTP servers (one per event loop) sharing the port
     */
    public record HttpSettings(String host, int port, long maxBodyBytes, java.util.List<String> allowedOrigins,
            int maxResultBytes, int toolsPageSize, Path sessionKeyFile, Duration sessionMaxAge, int eventLoops) {
        /** Settings with defaults for everything but the listening address, body limit and origins. */
        public HttpSettings(String host, int port, long maxBodyBytes, java.util.List<String> allowedOrigins) {
            this(host, port, maxBodyBytes, allowedOrigins, 1_048_576, 50, null, Duration.ofHours(24), defaultEventLoops());
        }

        public HttpSettings(String host, int port, long maxBodyBytes, java.util.List<String> allowedOrigins,
                int maxResultBytes, int toolsPageSize, Path sessionKeyFile, Duration sessionMaxAge) {
            this(host, port, maxBodyBytes, allowedOrigins, maxResultBytes, toolsPageSize, sessionKeyFile, sessionMaxAge,
                    defaultEventLoops());
        }

        public static int defaultEventLoops() {
            return Runtime.getRuntime().availableProcessors();
        }

        public HttpSettings {
            if (maxResultBytes < 1024) {
                throw new IllegalArgumentException("http.maxResultBytes must be >= 1024, but was " + maxResultBytes);
            }
            if (eventLoops < 1) {
                throw new IllegalArgumentException("http.eventLoops must be >= 1, but was " + eventLoops);
            }
            if (toolsPageSize < 1) {
                throw new IllegalArgumentException("http.toolsPageSize must be >= 1, but was " + toolsPageSize);
            }
            if (sessionMaxAge == null || sessionMaxAge.isZero() || sessionMaxAge.isNegative()) {
                throw new IllegalArgumentException("http.sessionMaxAge must be > 0, but was " + sessionMaxAge);
            }
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
