package io.cameliothub.component.transport.internal;

import java.io.IOException;

import io.cameliothub.component.transport.IotHubException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorsTest {

    @Test
    void aCauseIsToldOnceEvenWhenTheWrapperQuotesIt() {
        IOException timeout = new IOException("No AMQP connection to hub.iothub.test:5671 within 500 ms");
        IotHubException wrapper = new IotHubException("The AMQP connection to hub.iothub.test:5671 failed: "
                                                      + timeout.getMessage(), null, true, timeout);

        assertThat(Errors.describe(wrapper))
                .isEqualTo("The AMQP connection to hub.iothub.test:5671 failed: No AMQP connection to hub.iothub.test:5671"
                           + " within 500 ms");
    }

    @Test
    void aCauseTheWrapperDoesNotQuoteIsAdded() {
        IotHubException wrapper = new IotHubException("Connection lost", null, true, new IOException("reset by peer"));

        assertThat(Errors.describe(wrapper)).isEqualTo("Connection lost: reset by peer");
    }

    @Test
    void aPeersGarbageIsQuotedWithoutControlCharactersAndCutShort() {
        String garbage = "Invalid status line: \"" + "\u0001\u00bb4w\n\r".repeat(100) + "\"";
        IOException cause = new IOException(garbage);
        IOException wrapper = new IOException("WebSocket upgrade failed: " + Errors.rootMessage(cause), cause);

        String described = Errors.describe(wrapper);

        assertThat(described).startsWith("WebSocket upgrade failed: Invalid status line: \"?\u00bb4w??")
                .doesNotContainPattern("\\p{Cntrl}").endsWith(" characters)");
        assertThat(described.length()).isLessThan(300);
    }
}
