package io.jitgate.resilience;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResilienceSettingsTest {
    @Test
    void badValuesAreNamedOnConstruction() {
        assertThatThrownBy(() -> new ResilienceSettings.Breaker(0, 5, 20, Duration.ofSeconds(5), 2))
                .hasMessage("resilience.circuitBreaker.failureRateThreshold must be in (0, 100], but was 0.0");
        assertThatThrownBy(() -> new ResilienceSettings.Breaker(50, 5, 4, Duration.ofSeconds(5), 2))
                .hasMessage("resilience.circuitBreaker.slidingWindowSize must be >= minimumCalls (5), but was 4");
        assertThatThrownBy(() -> new ResilienceSettings.Breaker(50, 5, 20, Duration.ZERO, 2))
                .hasMessage("resilience.circuitBreaker.waitInOpen must be > 0, but was PT0S");
        assertThatThrownBy(() -> new ResilienceSettings.Retry(0, Duration.ofMillis(100), 2, 0.5))
                .hasMessage("resilience.retry.maxAttempts must be >= 1, but was 0");
        assertThatThrownBy(() -> new ResilienceSettings.Retry(3, Duration.ofMillis(100), 2, 1.0))
                .hasMessage("resilience.retry.jitter must be in [0, 1), but was 1.0");
        assertThatThrownBy(() -> new ResilienceSettings.Limit(0, Duration.ofSeconds(1)))
                .hasMessage("rate limit must be >= 1 call per period, but was 0");
        assertThatThrownBy(() -> new ResilienceSettings.ToolOverride(Duration.ofSeconds(-1), null, null))
                .hasMessage("resilience.tools.*.timeout must be > 0, but was PT-1S");
    }
}
