package io.cameliothub.component.transport.internal.https;

import java.util.ArrayList;
import java.util.List;

import io.cameliothub.component.transport.IotHubMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpsBatchPlanTest {

    private static IotHubMessage message(int size, int i) {
        return new IotHubMessage().setBody(new byte[size]).setMessageId("m-" + i);
    }

    @Test
    void packsInOrderIntoTheFewestRequestsUnderTheLimit() {
        List<IotHubMessage> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            messages.add(message(60 * 1024, i)); // about 80 KB each once Base64-encoded: three fit a request
        }

        List<HttpsBatchPlan.Part> parts = HttpsBatchPlan.plan(messages, HttpsBatchPlan.MAX_BATCH_BODY);

        assertThat(parts).hasSize(4).allSatisfy(p -> assertThat(p).isInstanceOf(HttpsBatchPlan.Batch.class));
        assertThat(parts).extracting(p -> p.messages().size()).containsExactly(3, 3, 3, 1);
        assertThat(parts.stream().flatMap(p -> p.messages().stream()).toList()).isEqualTo(messages);
        for (int i = 0; i < parts.size(); i++) {
            HttpsBatchPlan.Batch batch = (HttpsBatchPlan.Batch) parts.get(i);
            assertThat(batch.body().length).isLessThanOrEqualTo(HttpsBatchPlan.MAX_BATCH_BODY);
            if (i + 1 < parts.size()) {
                int next = HttpsBatchPlan.entry(parts.get(i + 1).messages().get(0)).length;
                assertThat(batch.body().length + 1 + next).as("the next message would not have fitted")
                        .isGreaterThan(HttpsBatchPlan.MAX_BATCH_BODY);
            }
        }
    }

    @Test
    void aMessageTooBigForABatchGoesAlone() {
        List<IotHubMessage> messages = List.of(message(10, 0), message(250 * 1024, 1), message(10, 2));

        List<HttpsBatchPlan.Part> parts = HttpsBatchPlan.plan(messages, HttpsBatchPlan.MAX_BATCH_BODY);

        assertThat(parts).hasSize(3);
        assertThat(parts.get(1)).isInstanceOf(HttpsBatchPlan.Single.class);
        assertThat(parts.get(0).messages()).containsExactly(messages.get(0));
        assertThat(parts.get(2).messages()).containsExactly(messages.get(2));
    }

    @Test
    void anEntryIsBase64WithIotHubPropertyNames() {
        IotHubMessage m = new IotHubMessage().setBody(new byte[] {1, 2, 3}).setMessageId("id-1");
        m.getApplicationProperties().put("k", "v");

        String json = new String(HttpsBatchPlan.entry(m), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"body\":\"AQID\",\"base64Encoded\":true,"
                                   + "\"properties\":{\"iothub-messageid\":\"id-1\",\"iothub-app-k\":\"v\"}}");
    }
}
