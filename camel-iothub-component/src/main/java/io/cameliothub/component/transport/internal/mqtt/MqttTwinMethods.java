package io.cameliothub.component.transport.internal.mqtt;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.internal.DeviceWire;
import io.cameliothub.component.transport.internal.Errors;
import io.cameliothub.component.transport.internal.MethodInvocation;
import io.cameliothub.component.transport.internal.MethodResult;
import io.cameliothub.component.transport.internal.TwinReply;
import io.cameliothub.component.transport.internal.TwinRequest;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * Twins and direct methods on one MQTT connection: requests paired with their answers by {@code $rid}, the
 * {@code $iothub/twin/res/#} subscription made before the first request (IoT Hub answers nothing before it), desired
 * notifications and method calls handed to the session.
 */
final class MqttTwinMethods {

    /** SUBACK's "failure" return code. */
    private static final int SUBSCRIBE_FAILED = 0x80;

    private final MqttAsyncClient client;
    private final DeviceWire.Events events;
    private final Map<String, CompletableFuture<TwinReply>> pending = new ConcurrentHashMap<>();
    private CompletableFuture<Void> responses;

    MqttTwinMethods(MqttAsyncClient client, DeviceWire.Events events) {
        this.client = client;
        this.events = events;
    }

    /** Subscribes the filters and fails when Paho or the hub's SUBACK refuses any of them. */
    static CompletableFuture<Void> subscribe(MqttAsyncClient client, String... filters) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        int[] qos = new int[filters.length];
        java.util.Arrays.fill(qos, 1);
        try {
            client.subscribe(filters, qos, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    int[] granted = t.getGrantedQos();
                    for (int i = 0; granted != null && i < granted.length; i++) {
                        if (granted[i] == SUBSCRIBE_FAILED) {
                            done.completeExceptionally(new IotHubException("SUBACK refused the subscription to "
                                    + String.join(", ", filters), null, true));
                            return;
                        }
                    }
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (MqttException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    CompletableFuture<Void> subscribeTwin() {
        return responses().thenCompose(ok -> subscribe(client, MqttTwinTopics.DESIRED_UPDATES));
    }

    CompletableFuture<Void> subscribeMethods() {
        return subscribe(client, MqttTwinTopics.METHOD_REQUESTS);
    }

    CompletableFuture<TwinReply> request(TwinRequest request) {
        String rid = UUID.randomUUID().toString();
        CompletableFuture<TwinReply> reply = new CompletableFuture<>();
        pending.put(rid, reply);
        reply.whenComplete((r, e) -> pending.remove(rid));
        responses().whenComplete((ok, error) -> {
            if (error != null) {
                reply.completeExceptionally(error);
                return;
            }
            String topic = request.isGet() ? MqttTwinTopics.getTwin(rid)
                    : MqttTwinTopics.patchReported(rid, request.version());
            MqttMessage message = new MqttMessage(request.isGet() ? new byte[0] : request.patch());
            message.setQos(1);
            try {
                client.publish(topic, message, null, failOn(reply));
            } catch (MqttException e) {
                reply.completeExceptionally(new IotHubException("Cannot send the twin request: " + Errors.describe(e),
                        null, true, e));
            }
        });
        return reply;
    }

    CompletableFuture<Void> respond(MethodInvocation invocation, MethodResult result) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        MqttMessage message = new MqttMessage(result.payload() == null ? new byte[0] : result.payload());
        message.setQos(0);
        try {
            client.publish(MqttTwinTopics.methodResponse(result.status(), (String) invocation.requestId()), message,
                    null, new IMqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken t) {
                            sent.complete(null);
                        }

                        @Override
                        public void onFailure(IMqttToken t, Throwable e) {
                            sent.completeExceptionally(e);
                        }
                    });
        } catch (MqttException e) {
            sent.completeExceptionally(e);
        }
        return sent;
    }

    /** Handles a twin or method message; false when the topic is neither. */
    boolean arrived(String topic, MqttMessage message) {
        MqttTwinTopics.TwinResponse response = MqttTwinTopics.twinResponse(topic);
        if (response != null) {
            CompletableFuture<TwinReply> reply = response.rid() == null ? null : pending.get(response.rid());
            if (reply != null) {
                reply.complete(new TwinReply(response.status(), response.version(), message.getPayload()));
            }
            return true;
        }
        if (MqttTwinTopics.desiredVersion(topic) != null) {
            events.desired(message.getPayload());
            return true;
        }
        MqttTwinTopics.MethodRequest method = MqttTwinTopics.methodRequest(topic);
        if (method != null) {
            events.invoked(new MethodInvocation(method.name(), message.getPayload(), method.rid()));
            return true;
        }
        return false;
    }

    void fail(Throwable cause) {
        pending.values().forEach(f -> f.completeExceptionally(cause));
    }

    private synchronized CompletableFuture<Void> responses() {
        if (responses == null || responses.isCompletedExceptionally()) {
            responses = subscribe(client, MqttTwinTopics.TWIN_RESPONSES);
        }
        return responses;
    }

    private static IMqttActionListener failOn(CompletableFuture<?> future) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken t) {
                // the answer comes on $iothub/twin/res
            }

            @Override
            public void onFailure(IMqttToken t, Throwable e) {
                future.completeExceptionally(new IotHubException("The twin request was not delivered: "
                                                                 + Errors.describe(e), null, true, e));
            }
        };
    }
}
