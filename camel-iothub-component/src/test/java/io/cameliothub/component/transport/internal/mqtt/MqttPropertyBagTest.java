package io.cameliothub.component.transport.internal.mqtt;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.cameliothub.component.transport.IotHubMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MqttPropertyBagTest {

    @Test
    void encodesEveryCharacterAsUrlEncoderDoesExceptSpaceWhichBecomesPercent20() {
        for (char c = 0; c < 0x250; c++) {
            if (Character.isSurrogate(c)) {
                continue;
            }
            String value = "a" + c + "b";
            String expected = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            assertThat(MqttPropertyBag.encode(value)).as("char %04x", (int) c).isEqualTo(expected);
        }
    }

    @Test
    void encodesSystemPropertiesFirstThenApplicationProperties() {
        IotHubMessage m = new IotHubMessage().setMessageId("0f9c1e7a-1b2c-4d5e-8f90-a1b2c3d4e5f6");
        m.setContentType("application/json");
        m.setCreationTime(Instant.parse("2026-11-29T20:00:00Z"));
        m.getApplicationProperties().put("temp alert", "a&b=c");

        assertThat(MqttPropertyBag.encode(m)).isEqualTo("$.mid=0f9c1e7a-1b2c-4d5e-8f90-a1b2c3d4e5f6"
                + "&$.ct=application%2Fjson&$.ctime=2026-11-29T20%3A00%3A00Z&temp%20alert=a%26b%3Dc");
    }

    @Test
    void aRoundTripThroughTheDecoderGivesTheSameProperties() {
        IotHubMessage m = new IotHubMessage().setMessageId("id with spaces/and+plus");
        m.getApplicationProperties().put("k\u00e9y", "v\u00e4lue%");
        IotHubMessage back = new IotHubMessage();

        MqttPropertyBag.decode(MqttPropertyBag.encode(m), back);

        assertThat(back.getMessageId()).isEqualTo("id with spaces/and+plus");
        assertThat(back.getApplicationProperties()).containsEntry("k\u00e9y", "v\u00e4lue%");
    }
}
