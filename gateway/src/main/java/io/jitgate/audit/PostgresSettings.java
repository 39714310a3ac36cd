package io.jitgate.audit;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where the PostgreSQL sink writes: a {@code postgresql://host:port/database} URL, the gateway's
 * database user (which should hold only SELECT and INSERT on the table, see
 * {@code vault-config/postgres-schema.sql}), a file holding its password, and this gateway's
 * instance name: each instance keeps its own chain, so two gateways must not share a name.
 */
public record PostgresSettings(URI url, String user, Path passwordFile, String instance) {
    public PostgresSettings {
        if (url == null || !"postgresql".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("audit.postgres.url must look like postgresql://host:5432/database, but was " + url);
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("audit.postgres.user must be a non-empty string, but was " + user);
        }
        if (instance == null || !instance.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("audit.postgres.instance must be 1-64 letters, digits, '_', '-' or '.', but was " + instance);
        }
    }
}
