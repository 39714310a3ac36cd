package io.jitgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CedarTimesTest {
    private final CedarTimes times = new CedarTimes();

    @Test
    void keepsTheMillisecondAndTheInstant() {
        Instant received = Instant.parse("2027-01-04T09:30:00.123456Z");
        assertThat(times.of(received).toEpochMilli()).isEqualTo(Instant.parse("2027-01-04T09:30:00.123Z").toEpochMilli());
    }

    @Test
    void callsInTheSameMillisecondShareOneValueAndTheNextGetsItsOwn() {
        Instant first = Instant.parse("2027-01-04T23:59:59.999100Z");
        Instant sameMillisecond = Instant.parse("2027-01-04T23:59:59.999900Z");
        Instant next = Instant.parse("2027-01-05T00:00:00.000Z");
        assertThat(times.of(sameMillisecond)).isSameAs(times.of(first));
        assertThat(times.of(next).toEpochMilli()).isEqualTo(next.toEpochMilli());
        assertThat(times.of(first).toEpochMilli()).isEqualTo(Instant.parse("2027-01-04T23:59:59.999Z").toEpochMilli());
    }
}
