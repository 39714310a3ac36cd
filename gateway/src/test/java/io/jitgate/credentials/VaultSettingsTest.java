package io.jitgate.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jopenlibs.vault.VaultException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultSettingsTest {
    static final URI VAULT = URI.create("http://127.0.0.1:8200");

    static VaultSettings settings(Path file, String env, Duration ttl) {
        return new VaultSettings(VAULT, "approle", "role-id", file, env, "aws", ttl, Duration.ofSeconds(5));
    }

    @Test
    void theGatewayNeverAsksForLessThanTheStsMinimum() {
        assertThatThrownBy(() -> settings(Path.of("s"), null, Duration.ofSeconds(899)))
                .hasMessage("vault.credentialTtl must be >= PT15M (the STS minimum), but was PT14M59S");
        assertThat(settings(Path.of("s"), null, Duration.ofSeconds(900)).credentialTtl()).isEqualTo(VaultSettings.STS_MINIMUM_TTL);
    }

    @Test
    void exactlyOneSecretIdSource() {
        assertThatThrownBy(() -> settings(null, null, Duration.ofMinutes(15))).hasMessageContaining("exactly one of vault.secretIdFile");
        assertThatThrownBy(() -> settings(Path.of("s"), "JITGATE_SECRET_ID", Duration.ofMinutes(15)))
                .hasMessageContaining("secretIdFile=s, secretIdEnv=JITGATE_SECRET_ID");
    }

    @Test
    void theSecretIdComesFromTheEnvironmentVariableNamed() throws Exception {
        VaultSettings env = settings(null, "JITGATE_SECRET_ID", Duration.ofMinutes(15));
        assertThat(new SecretIds(env, Map.of("JITGATE_SECRET_ID", " s3cr3t\n")::get).read()).isEqualTo("s3cr3t");
        assertThatThrownBy(() -> new SecretIds(env, Map.<String, String>of()::get).read())
                .isInstanceOf(VaultException.class).hasMessage("the AppRole secret id variable JITGATE_SECRET_ID is not set");
    }

    @Test
    void orFromAFileReadAtEveryLogin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret-id");
        SecretIds ids = new SecretIds(settings(file, null, Duration.ofMinutes(15)), name -> null);
        assertThatThrownBy(ids::read).hasMessageContaining("cannot read AppRole secret id file " + file);
        Files.writeString(file, "first\n");
        assertThat(ids.read()).isEqualTo("first");
        Files.writeString(file, "rotated");
        assertThat(ids.read()).isEqualTo("rotated");
        Files.writeString(file, "  ");
        assertThatThrownBy(ids::read).hasMessageContaining("is empty");
    }
}
