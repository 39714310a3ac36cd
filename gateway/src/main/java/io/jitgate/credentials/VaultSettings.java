package io.jitgate.credentials;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the gateway reaches Vault (or OpenBao) and which AWS secrets mount it uses.
 *
 * @param address       Vault's address, for example {@code https://vault.example:8200}
 * @param appRolePath   the mount of the AppRole auth method, usually {@code approle}
 * @param roleId        the gateway's AppRole role id (not secret)
 * @param secretIdFile  a file holding the AppRole secret id; null when {@code secretIdEnv} is used
 * @param secretIdEnv   the name of an environment variable holding the secret id; null when the file is used
 *                      (never a command-line argument: those show in {@code ps})
 * @param awsMount      the mount of the AWS secrets engine, usually {@code aws}
 * @param credentialTtl the lifetime requested for each call's credentials; at least 900 s (the STS minimum)
 * @param timeout       how long one Vault request may take
 */
public record VaultSettings(URI address, String appRolePath, String roleId, Path secretIdFile, String secretIdEnv,
        String awsMount, Duration credentialTtl, Duration timeout) {
    /** The shortest lifetime STS issues; the gateway never asks for less, whatever Vault allows. */
    public static final Duration STS_MINIMUM_TTL = Duration.ofSeconds(900);

    public VaultSettings {
        if (address == null) {
            throw new IllegalArgumentException("vault.address must be set");
        }
        if (roleId == null || roleId.isBlank()) {
            throw new IllegalArgumentException("vault.roleId must be set");
        }
        boolean env = secretIdEnv != null && !secretIdEnv.isBlank();
        if ((secretIdFile == null) == !env) {
            throw new IllegalArgumentException("exactly one of vault.secretIdFile and vault.secretIdEnv must be set, but was "
                    + "secretIdFile=" + secretIdFile + ", secretIdEnv=" + secretIdEnv);
        }
        if (credentialTtl == null || credentialTtl.compareTo(STS_MINIMUM_TTL) < 0) {
            throw new IllegalArgumentException("vault.credentialTtl must be >= PT15M (the STS minimum), but was " + credentialTtl);
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("vault.timeout must be > 0, but was " + timeout);
        }
    }

    /** The same settings with another secret-id file (tests use it to log in as another AppRole). */
    public VaultSettings withAppRole(String roleId, Path secretIdFile) {
        return new VaultSettings(address, appRolePath, roleId, secretIdFile, null, awsMount, credentialTtl, timeout);
    }

    /** The same settings with another address (tests put a fault proxy in front of Vault). */
    public VaultSettings withAddress(URI address) {
        return new VaultSettings(address, appRolePath, roleId, secretIdFile, secretIdEnv, awsMount, credentialTtl, timeout);
    }
}
