package io.jitgate.policy;

import com.cedarpolicy.value.DateTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Cedar {@code datetime} values for the instants calls are received at, to the millisecond. cedar-java
 * checks a datetime's text by trying its accepted forms in turn, and each form that does not fit
 * throws an exception; under load that cost several percent of the gateway's CPU. So the text is
 * written in the form that costs one such try ({@code +0000} offset), and calls received in the same
 * millisecond share one value (values are immutable).
 */
final class CedarTimes {
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    private record Made(long epochMilli, DateTime value) {
    }

    private final AtomicReference<Made> last = new AtomicReference<>(new Made(Long.MIN_VALUE, null));

    /** The Cedar datetime of {@code time}, cut to the millisecond. */
    DateTime of(Instant time) {
        long epochMilli = time.toEpochMilli();
        Made seen = last.get();
        if (seen.epochMilli() == epochMilli) {
            return seen.value();
        }
        DateTime value = new DateTime(TEXT.format(Instant.ofEpochMilli(epochMilli)));
        last.set(new Made(epochMilli, value));
        return value;
    }
}
