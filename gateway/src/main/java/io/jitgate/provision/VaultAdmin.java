package io.jitgate.provision;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Administrative writes to Vault/OpenBao with an operator token, for provisioning only (the gateway
 * itself never holds such a token). Non-2xx answers become exceptions naming the path.
 */
final class VaultAdmin {
    private final Vault vault;

    VaultAdmin(String address, String token) throws VaultException {
        this.vault = Vault.create(new VaultConfig().address(address).token(token).engineVersion(1)
                .openTimeout(10).readTimeout(30).build(), 1);
    }

    Map<String, String> write(String path, Map<String, Object> body) throws VaultException {
        return check(path, vault.logical().write(path, body)).getData();
    }

    Map<String, String> read(String path) throws VaultException {
        return check(path, vault.logical().read(path)).getData();
    }

    private static LogicalResponse check(String path, LogicalResponse response) throws VaultException {
        int status = response.getRestResponse().getStatus();
        if (status / 100 != 2) {
            byte[] body = response.getRestResponse().getBody();
            throw new VaultException("Vault answered " + status + " for " + path + ": "
                    + (body == null ? "" : new String(body, StandardCharsets.UTF_8).trim()), status);
        }
        return response;
    }
}
