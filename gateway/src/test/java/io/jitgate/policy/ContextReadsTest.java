package io.jitgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.cedarpolicy.model.policy.Policy;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextReadsTest {
    private static ContextReads reads(String when) throws Exception {
        return ContextReads.of(new JsonObject(Policy.parseStaticPolicy("permit (principal, action, resource) when { " + when + " };").toJson()));
    }

    @Test
    void attributeAccessesAndPresenceTestsNameTheAttributesRead() throws Exception {
        ContextReads reads = reads("context has intent && context.arguments.key like \"a*\" && context[\"time\"].toTime() < duration(\"1h\")");
        assertThat(reads.all()).isFalse();
        assertThat(reads.names()).containsExactlyInAnyOrder("intent", "arguments", "time");
        assertThat(reads.includes("weekday")).isFalse();
        assertThat(reads("resource.readOnly")).isEqualTo(ContextReads.NONE);
    }

    @Test
    void anyOtherUseOfTheContextReadsAllOfIt() throws Exception {
        assertThat(reads("context == {}").all()).isTrue();
        assertThat(reads("context.weekday == \"mon\" && [context].contains(context)").all()).isTrue();
        assertThat(ContextReads.of(new JsonObject())).isEqualTo(ContextReads.ALL);
        assertThat(ContextReads.union(List.of(reads("context has intent"), ContextReads.ALL)).includes("anything")).isTrue();
        assertThat(ContextReads.union(List.of(reads("context has intent"), reads("context.time == context.time"))).names())
                .containsExactlyInAnyOrder("intent", "time");
    }
}
