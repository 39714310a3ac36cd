package io.jitgate.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** An approval binds agent, tool and arguments: key order does not matter, every value does. */
class CallBindingTest {
    static final JsonObject ARGS = new JsonObject().put("bucket", "b").put("key", "reports/q.txt")
            .put("tags", new JsonArray().add(new JsonObject().put("x", 1).put("a", 2)));

    @Test
    void keyOrderDoesNotMatterAnythingElseDoes() {
        String bound = CallBinding.digest("agent-1", "s3_write_object", ARGS);
        JsonObject reordered = new JsonObject().put("tags", new JsonArray().add(new JsonObject().put("a", 2).put("x", 1)))
                .put("key", "reports/q.txt").put("bucket", "b");
        assertThat(CallBinding.digest("agent-1", "s3_write_object", reordered)).isEqualTo(bound);
        assertThat(CallBinding.digest("agent-2", "s3_write_object", ARGS)).isNotEqualTo(bound);
        assertThat(CallBinding.digest("agent-1", "s3_read_object", ARGS)).isNotEqualTo(bound);
        assertThat(CallBinding.digest("agent-1", "s3_write_object", ARGS.copy().put("key", "reports/r.txt"))).isNotEqualTo(bound);
        assertThat(CallBinding.digest("agent-1", "s3_write_object", ARGS.copy().put("extra", true))).isNotEqualTo(bound);
        JsonObject typed = ARGS.copy().put("key", new JsonArray().add("reports/q.txt"));
        assertThat(CallBinding.digest("agent-1", "s3_write_object", typed)).isNotEqualTo(bound);
    }
}
