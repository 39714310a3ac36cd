package io.jitgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TaskCallCounterTest {
    @Test
    void countsEachAgentsCallsPerTaskAndNothingWithoutATask() {
        TaskCallCounter counter = new TaskCallCounter(Duration.ofMinutes(5), 100);
        assertThat(counter.countCall("a1", "T-1")).isEqualTo(0);
        assertThat(counter.countCall("a1", "T-1")).isEqualTo(1);
        assertThat(counter.countCall("a2", "T-1")).isEqualTo(0);
        assertThat(counter.countCall("a1", "T-2")).isEqualTo(0);
        assertThat(counter.countCall("a1", "T-1")).isEqualTo(2);
        assertThat(counter.countCall("a1", null)).isNull();
    }

    @Test
    void aTaskIdleLongerThanTheWindowIsForgotten() {
        AtomicLong nanos = new AtomicLong();
        TaskCallCounter counter = new TaskCallCounter(Duration.ofMinutes(5), 100, nanos::get);
        counter.countCall("a1", "T-1");
        counter.countCall("a1", "T-1");
        nanos.addAndGet(Duration.ofMinutes(4).toNanos());
        assertThat(counter.countCall("a1", "T-1")).isEqualTo(2);
        nanos.addAndGet(Duration.ofMinutes(6).toNanos());
        assertThat(counter.countCall("a1", "T-1")).isEqualTo(0);
    }

    @Test
    void memoryIsBoundedByTheNumberOfTasks() {
        TaskCallCounter counter = new TaskCallCounter(Duration.ofMinutes(5), 1_000);
        for (int i = 0; i < 20_000; i++) {
            counter.countCall("a1", "T-" + i);
        }
        assertThat(counter.tracked()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void badSettingsAreRefusedNamingThem() {
        assertThatThrownBy(() -> new TaskCallCounter(Duration.ZERO, 10)).hasMessageContaining("the task history window must be > 0");
        assertThatThrownBy(() -> new TaskCallCounter(Duration.ofMinutes(1), 0)).hasMessageContaining("the task history size must be >= 1");
    }
}
