package io.jitgate.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallMixTest {
    @Test
    void theShippedMixPicksEachCallInProportionToItsWeight() throws Exception {
        CallMix mix = CallMix.read(Path.of(System.getProperty("user.dir")).resolve("mixes/reads-and-writes.json"));
        Map<String, Integer> seen = new HashMap<>();
        for (long n = 0; n < mix.totalWeight() * 100L; n++) {
            seen.merge(mix.pick(n).tool(), 1, Integer::sum);
        }
        mix.entries().forEach(e -> assertThat(seen.get(e.tool())).as(e.tool()).isEqualTo(e.weight() * 100));
        assertThat(mix.entries()).anyMatch(e -> e.meta() != null && e.meta().containsKey("purpose"));
    }

    @Test
    void aBadMixFileIsRefusedWithTheEntryNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mix.json");
        Files.writeString(file, "[{\"tool\": \"echo\"}, {\"tool\": \"x\", \"weight\": 0}]");
        assertThatThrownBy(() -> CallMix.read(file)).hasMessageContaining("entry 1").hasMessageContaining("weight of x must be >= 1, but was 0");
        Files.writeString(file, "{}");
        assertThatThrownBy(() -> CallMix.read(file)).hasMessageContaining("not a JSON array of calls");
    }
}
