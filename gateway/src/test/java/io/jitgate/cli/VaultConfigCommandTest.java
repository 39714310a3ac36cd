package io.jitgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultConfigCommandTest {
    static final Path TOOLS = Path.of(System.getProperty("jitgate.root", "..")).resolve("tools");

    @Test
    void renderWritesEachToolsRoleAndTheGatewaysAclFromTheCatalogue(@TempDir Path out) throws Exception {
        assertThat(Main.run("vault-config", "render", "--tools", TOOLS.toString(), "--out", out.toString(),
                "--account-id", "111122223333", "--vault-principal-arn", "arn:aws:iam::111122223333:role/vault")).isZero();
        JsonObject policy = new JsonObject(Files.readString(out.resolve("iam/roles/jitgate-tool-s3-read-object/policy.json")));
        assertThat(policy.getJsonArray("Statement").getJsonObject(0).getJsonArray("Action")).containsExactly("s3:GetObject");
        assertThat(policy.getJsonArray("Statement").getJsonObject(0).getJsonArray("Resource")).containsExactly("arn:aws:s3:::jitgate-demo/*");
        JsonObject trust = new JsonObject(Files.readString(out.resolve("iam/roles/jitgate-tool-s3-write-object/trust-policy.json")));
        assertThat(trust.getJsonArray("Statement").getJsonObject(0).getJsonObject("Principal").getString("AWS"))
                .isEqualTo("arn:aws:iam::111122223333:role/vault");
        // s3_read_object narrows per call: its role trusts Vault and itself, and may assume itself, nothing else.
        JsonObject selfTrust = new JsonObject(Files.readString(out.resolve("iam/roles/jitgate-tool-s3-read-object/trust-policy.json")));
        assertThat(selfTrust.getJsonArray("Statement").getJsonObject(0).getJsonObject("Principal").getJsonArray("AWS"))
                .containsExactly("arn:aws:iam::111122223333:role/vault", "arn:aws:iam::111122223333:role/jitgate-tool-s3-read-object");
        assertThat(policy.getJsonArray("Statement").getJsonObject(1).getString("Resource"))
                .isEqualTo("arn:aws:iam::111122223333:role/jitgate-tool-s3-read-object");
        // whoami_iam_user: a leased IAM user with the tool's policy, revocable by the gateway.
        JsonObject leased = new JsonObject(Files.readString(out.resolve("vault/aws/roles/whoami-iam-user.json")));
        assertThat(leased.getString("credential_type")).isEqualTo("iam_user");
        assertThat(new JsonObject(leased.getString("policy_document")))
                .isEqualTo(new JsonObject(Files.readString(out.resolve("iam/users/whoami-iam-user/policy.json"))));
        assertThat(new JsonObject(Files.readString(out.resolve("vault/aws/config/lease.json"))).getString("lease_max")).isEqualTo("900s");
        JsonObject vaultRole = new JsonObject(Files.readString(out.resolve("vault/aws/roles/s3-read-object.json")));
        assertThat(vaultRole.getString("role_arns")).isEqualTo("arn:aws:iam::111122223333:role/jitgate-tool-s3-read-object");
        assertThat(vaultRole.getInteger("max_sts_ttl")).isEqualTo(900);
        assertThat(Files.readString(out.resolve("vault/policies/jitgate-gateway.hcl")))
                .contains("path \"aws/sts/s3-read-object\"", "required_parameters = [\"role_session_name\"]",
                        "path \"aws/creds/whoami-iam-user\"", "path \"sys/leases/revoke/aws/creds/whoami-iam-user/*\"")
                .doesNotContain("aws/creds/s3", "aws/roles", "sys/leases/revoke\"", "sys/leases/revoke-prefix", "sys/mounts");
        // Without --moto nothing gets "*" resources: DynamoDB keeps its declared table ARN.
        assertThat(Files.readString(out.resolve("iam/roles/jitgate-tool-dynamodb-get-customer/policy.json"))).doesNotContain("\"*\"");
    }
}
