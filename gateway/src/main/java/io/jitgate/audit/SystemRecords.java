package io.jitgate.audit;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The records the attribution log holds besides tool calls: the gateway's own start and stop, the
 * log's rotations and crash repairs, and operator actions (see {@link OperatorAction}). Every record
 * has {@code v} (the schema version, {@link #SCHEMA_VERSION}), {@code kind} and {@code time}; the
 * schema is {@code docs/audit-record.schema.json}.
 */
public final class SystemRecords {
    /**
     * Bumped when a field changes meaning or is removed; adding kinds or fields keeps it. Version 2
     * split the tool-call outcome {@code failed} into {@code rate_limited}, {@code upstream_error} and
     * {@code failed} (the gateway's own faults), and added {@code approval_timed_out}.
     */
    public static final int SCHEMA_VERSION = 2;

    private SystemRecords() {
    }

    static JsonObject base(String kind) {
        return new JsonObject().put("v", SCHEMA_VERSION).put("kind", kind).put("time", Instant.now().toString());
    }

    /** Written once the gateway has loaded everything and listens. */
    public static JsonObject gatewayStarted(String instance, String version, long pid, String host, int port) {
        return base("gateway_started").put("instance", instance).put("version", version).put("pid", pid)
                .put("host", host).put("port", port);
    }

    /** Written last, before the log closes, when the gateway stops in order. A crash leaves no such record. */
    public static JsonObject gatewayStopped(String instance, String why, long uptimeSeconds) {
        return base("gateway_stopped").put("instance", instance).put("why", why).put("uptimeSeconds", uptimeSeconds);
    }

    /** The first record of a new file after rotation: the file before it, whose last hash this record's prevHash is. */
    public static JsonObject logRotated(Path previousFile, String previousLastHash) {
        return base("log_rotated").put("previousFile", previousFile.getFileName().toString())
                .put("previousLastHash", previousLastHash);
    }

    /** Written when the log was opened after a crash that tore its last line. */
    public static JsonObject tornTailSetAside(Path log, TailRecovery.SetAside aside) {
        return base("torn_tail_set_aside").put("file", log.getFileName().toString())
                .put("setAsideFile", aside.file().getFileName().toString())
                .put("bytes", aside.bytes()).put("sha256", aside.sha256());
    }

    /** Written when a log that had records but no head file was opened: the head was rebuilt at this point. */
    public static JsonObject logHeadRebuilt(Path log, long records, String lastHash) {
        return base("log_head_rebuilt").put("file", log.getFileName().toString()).put("records", records)
                .put("lastHash", lastHash);
    }

    /** An operator action (or a start-up load standing for one). */
    public static JsonObject operatorAction(String instance, OperatorAction action) {
        return base("operator_action").put("instance", instance).put("action", action.type().word())
                .put("actor", action.actor()).put("subject", action.subject()).put("detail", action.detail().copy());
    }
}
