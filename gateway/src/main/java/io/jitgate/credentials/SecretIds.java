package io.jitgate.credentials;

import io.github.jopenlibs.vault.VaultException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.Function;

/**
 * Reads the gateway's AppRole secret id, at every login (so a rotated file or variable is picked up),
 * from a file or an environment variable, never from a command line.
 */
final class SecretIds {
    private final VaultSettings settings;
    private final Function<String, String> environment;

    SecretIds(VaultSettings settings, Function<String, String> environment) {
        this.settings = settings;
        this.environment = environment;
    }

    String read() throws VaultException {
        if (settings.secretIdFile() == null) {
            String value = environment.apply(settings.secretIdEnv());
            if (value == null || value.isBlank()) {
                throw new VaultException("the AppRole secret id variable " + settings.secretIdEnv() + " is not set");
            }
            return value.trim();
        }
        try {
            String secretId = Files.readString(settings.secretIdFile(), StandardCharsets.UTF_8).trim();
            if (secretId.isEmpty()) {
                throw new VaultException("AppRole secret id file " + settings.secretIdFile() + " is empty");
            }
            return secretId;
        } catch (IOException e) {
            throw new VaultException("cannot read AppRole secret id file " + settings.secretIdFile() + ": " + e.getMessage());
        }
    }
}
