package io.cameliothub.component;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTPS consumer's short-poll warning writes the interval as the option takes it. */
class PollIntervalTextTest {

    @Test
    void intervalsReadAsOptionValues() {
        assertThat(IotHubPollingConsumer.optionText(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(IotHubPollingConsumer.optionText(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(IotHubPollingConsumer.optionText(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(IotHubPollingConsumer.optionText(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
