package io.cameliothub.component.transport.internal.amqp;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AmqpTwinCodecTest {

    /** Encodes and decodes through proton's wire format, as the link would. */
    private static Message roundTrip(Message m) {
        byte[] buffer = new byte[4096];
        int n = m.encode(buffer, 0, buffer.length);
        Message decoded = Message.Factory.create();
        decoded.decode(buffer, 0, n);
        return decoded;
    }

    @Test
    void reportedPatchCarriesOperationResourceAndLongVersion() {
        UUID id = UUID.randomUUID();
        Message m = roundTrip(AmqpTwinCodec.patchReported(id, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), 4L));
        Map<Symbol, Object> annotations = m.getMessageAnnotations().getValue();
        assertThat(annotations).containsEntry(AmqpTwinCodec.OPERATION, "PATCH")
                .containsEntry(AmqpTwinCodec.RESOURCE, "/properties/reported")
                .containsEntry(AmqpTwinCodec.VERSION, 4L);
        assertThat(m.getCorrelationId()).isEqualTo(id);
        assertThat(roundTrip(AmqpTwinCodec.getTwin(id)).getMessageAnnotations().getValue())
                .containsEntry(AmqpTwinCodec.OPERATION, "GET").doesNotContainKey(AmqpTwinCodec.RESOURCE);
        assertThat(roundTrip(AmqpTwinCodec.subscribeDesired(id)).getMessageAnnotations().getValue())
                .containsEntry(AmqpTwinCodec.OPERATION, "PUT")
                .containsEntry(AmqpTwinCodec.RESOURCE, "/notifications/twin/properties/desired");
    }

    @Test
    void responsesAndDesiredNotificationsAreToldApart() {
        UUID id = UUID.randomUUID();
        Message response = Message.Factory.create();
        response.setCorrelationId(id);
        response.setMessageAnnotations(new MessageAnnotations(Map.of(AmqpTwinCodec.STATUS, 204,
                AmqpTwinCodec.VERSION, 5L)));
        AmqpTwinCodec.TwinIncoming in = AmqpTwinCodec.twinIncoming(roundTrip(response));
        assertThat(in.isDesiredUpdate()).isFalse();
        assertThat(in.correlationId()).isEqualTo(id.toString());
        assertThat(in.status()).isEqualTo(204);
        assertThat(in.version()).isEqualTo(5);

        Message desired = Message.Factory.create();
        desired.setMessageAnnotations(new MessageAnnotations(Map.of(AmqpTwinCodec.RESOURCE, "/properties/desired",
                AmqpTwinCodec.VERSION, 8L)));
        desired.setBody(new Data(new Binary("{\"x\":1,\"$version\":8}".getBytes(StandardCharsets.UTF_8))));
        AmqpTwinCodec.TwinIncoming update = AmqpTwinCodec.twinIncoming(roundTrip(desired));
        assertThat(update.isDesiredUpdate()).isTrue();
        assertThat(update.version()).isEqualTo(8);
        assertThat(new String(update.body(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":1,\"$version\":8}");
    }

    @Test
    void methodRequestsAndResponsesKeepTheCorrelationIdType() {
        UUID id = UUID.randomUUID();
        Message request = Message.Factory.create();
        request.setCorrelationId(id);
        request.setApplicationProperties(new ApplicationProperties(Map.of("IoThub-methodname", "reboot")));
        request.setBody(new Data(new Binary("{}".getBytes(StandardCharsets.UTF_8))));
        AmqpTwinCodec.MethodIncoming in = AmqpTwinCodec.methodIncoming(roundTrip(request));
        assertThat(in.name()).isEqualTo("reboot");
        assertThat(in.correlationId()).isEqualTo(id);

        Message response = roundTrip(AmqpTwinCodec.methodResponse(in.correlationId(), 200, "{\"ok\":true}"
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(response.getCorrelationId()).isEqualTo(id);
        assertThat(response.getApplicationProperties().getValue()).containsEntry("IoThub-status", 200);
    }
}
