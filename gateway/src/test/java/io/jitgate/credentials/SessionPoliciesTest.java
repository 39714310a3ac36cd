package io.jitgate.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitgate.aws.AwsOperations;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolDefinition;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session policy of one call: exactly its resources, wildcards in arguments escaped, at most 2,048 characters. */
class SessionPoliciesTest {
    static Vertx vertx;
    static ToolDefinition read;

    @BeforeAll
    static void load() {
        vertx = Vertx.vertx();
        read = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn())
                .load(Path.of(System.getProperty("jitgate.root", "..")).resolve("tools")).find("s3_read_object").orElseThrow();
    }

    @AfterAll
    static void close() {
        vertx.close();
    }

    @Test
    void theCallsObjectOnlyWithTheToolsActions() {
        assertThat(SessionPolicies.forCall(read, new JsonObject().put("bucket", "jitgate-demo").put("key", "readme.txt")))
                .isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ThisCallOnly\",\"Effect\":\"Allow\","
                        + "\"Action\":[\"s3:GetObject\"],\"Resource\":[\"arn:aws:s3:::jitgate-demo/readme.txt\"]}]}");
    }

    @Test
    void anArgumentCannotWidenThePatternIntoAWildcard() {
        String policy = SessionPolicies.forCall(read, new JsonObject().put("bucket", "jitgate-demo").put("key", "a*b?c$d"));
        assertThat(new JsonObject(policy).getJsonArray("Statement").getJsonObject(0).getJsonArray("Resource").getString(0))
                .isEqualTo("arn:aws:s3:::jitgate-demo/a${*}b${?}c${$}d");
    }

    @Test
    void aPolicyLongerThanStsAcceptsIsRefusedNamingItsSize() {
        String key = "k".repeat(1024);
        assertThat(SessionPolicies.forCall(read, new JsonObject().put("bucket", "jitgate-demo").put("key", key))).hasSizeLessThan(2048);
        assertThatThrownBy(() -> SessionPolicies.forCall(read, new JsonObject().put("bucket", "jitgate-demo").put("key", "*".repeat(500))))
                .isInstanceOf(SessionPolicies.TooLarge.class)
                .hasMessageContaining("would be 2" ).hasMessageContaining("more than the 2048 STS accepts");
    }
}
