package io.cameliothub.component.transport.internal.mqtt;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.cameliothub.component.auth.SasToken;
import io.cameliothub.component.transport.C2dOutcome;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;
import io.cameliothub.component.transport.internal.C2dDelivery;
import io.cameliothub.component.transport.internal.Channel;
import io.cameliothub.component.transport.internal.DeviceWire;
import io.cameliothub.component.transport.internal.Errors;
import io.cameliothub.component.transport.internal.MethodInvocation;
import io.cameliothub.component.transport.internal.MethodResult;
import io.cameliothub.component.transport.internal.SendWindow;
import io.cameliothub.component.transport.internal.TransportResources;
import io.cameliothub.component.transport.internal.TransportSettings;
import io.cameliothub.component.transport.internal.TwinReply;
import io.cameliothub.component.transport.internal.TwinRequest;
import io.cameliothub.component.transport.internal.proxy.ProxyException;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IoT Hub over MQTT 3.1.1 (TLS or WebSocket) with Paho's asynchronous client: one Paho client per connection, so every
 * connection presents the token it was opened with; tokens are renewed by a planned reconnect, which the session runs.
 * Paho's own threads only hand events on: disconnecting and closing a client run on the completions executor (Paho
 * refuses them on its callback thread, and they must not hold up a timer).
 */
final class MqttWire implements DeviceWire {

    private static final Logger LOG = LoggerFactory.getLogger(MqttWire.class);
    private final TransportSettings settings;
    private final MqttConnector connector;
    private final MqttTopics topics;
    private final Executor housekeeping;

    MqttWire(TransportSettings settings, TransportResources resources) {
        this.settings = settings;
        this.connector = new MqttConnector(settings, resources.sslContext(), resources.scheduler(),
                resources.completions(), settings.options().maxInFlight());
        this.topics = new MqttTopics(settings);
        this.housekeeping = resources.completions();
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.of(Channel.TELEMETRY, Channel.C2D, Channel.TWIN, Channel.METHODS);
    }

    @Override
    public Renewal renewal() {
        return Renewal.RECONNECT;
    }

    @Override
    public CompletableFuture<Connection> connect(SasToken token, Events events) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        MqttAsyncClient client;
        try {
            client = connector.newClient();
        } catch (MqttException e) {
            return CompletableFuture.failedFuture(new IotHubException("Cannot create an MQTT client for "
                                                                      + settings.clientId() + ": " + e.getMessage(),
                    null, false, e));
        }
        client.setManualAcks(true);
        MqttConnection connection = new MqttConnection(client, events);
        client.setCallback(connection);
        try {
            client.connect(connector.options(token, connection.backlog), null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    result.complete(connection);
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                    connection.close();
                    result.completeExceptionally(connectFailure(e));
                }
            });
        } catch (MqttException e) {
            connection.close();
            result.completeExceptionally(connectFailure(e));
        }
        return result;
    }

    private IotHubException connectFailure(Throwable e) {
        if (e instanceof MqttException me && isRefusal(me.getReasonCode())) {
            return new IotHubException("IoT Hub refused device " + settings.clientId() + " on " + settings.hostName()
                                       + ": " + refusalReason(me.getReasonCode()), "401", false, e);
        }
        ProxyException proxyRefusal = ProxyException.authenticationFailure(e);
        if (proxyRefusal != null) {
            return new IotHubException(proxyRefusal.getMessage(), "407", false, e); // retrying cannot fix credentials
        }
        String why = e instanceof MqttException me && me.getReasonCode() == MqttException.REASON_CODE_UNEXPECTED_ERROR
                ? "the answer is not MQTT (Paho: " + Errors.describe(e) + "); is this the hub's MQTT port?"
                : Errors.describe(e);
        return new IotHubException("Cannot connect to " + settings.connectHost() + ":" + settings.port() + ": " + why,
                null, true, e);
    }

    private static boolean isRefusal(int reasonCode) {
        return reasonCode == MqttException.REASON_CODE_FAILED_AUTHENTICATION
               || reasonCode == MqttException.REASON_CODE_NOT_AUTHORIZED
               || reasonCode == MqttException.REASON_CODE_INVALID_CLIENT_ID;
    }

    private static String refusalReason(int reasonCode) {
        return switch (reasonCode) {
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION -> "bad user name or password (CONNACK 4)";
            case MqttException.REASON_CODE_INVALID_CLIENT_ID -> "client id rejected (CONNACK 2)";
            default -> "not authorized (CONNACK 5): check the key or token, and that the device exists and is enabled";
        };
    }

    /** One Paho client, from CONNECT to close. */
    private final class MqttConnection implements Connection, MqttCallback {
        private final MqttAsyncClient client;
        private final Events events;
        private final C2dAckOrder ackOrder;
        private final MqttTwinMethods twinMethods;
        private final Set<CompletableFuture<Void>> outstanding = ConcurrentHashMap.newKeySet();
        private final PublishBacklog backlog = new PublishBacklog();
        /** Only a coalescing socket reads the backlog. */
        private final boolean counted = connector.coalesces();
        private volatile boolean closed;

        MqttConnection(MqttAsyncClient client, Events events) {
            this.client = client;
            this.events = events;
            this.ackOrder = new C2dAckOrder(client);
            this.twinMethods = new MqttTwinMethods(client, events);
        }

        @Override
        public CompletableFuture<Void> publish(IotHubMessage message) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            outstanding.add(done);
            done.whenComplete((ok, error) -> outstanding.remove(done));
            MqttMessage mqtt = new MqttMessage(message.getBody());
            mqtt.setQos(settings.options().atMostOnce() ? 0 : 1);
            String topic = topics.events(MqttPropertyBag.encode(message));
            if (counted) {
                backlog.expect();
            }
            try {
                client.publish(topic, mqtt, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken t) {
                        done.complete(null);
                    }

                    @Override
                    public void onFailure(IMqttToken t, Throwable e) {
                        done.completeExceptionally(new IotHubException("The hub did not acknowledge the message: "
                                                                       + Errors.describe(e), null, true, e));
                    }
                });
            } catch (RuntimeException e) {
                withdraw();
                throw e;
            } catch (MqttException e) {
                withdraw();
                done.completeExceptionally(e.getReasonCode() == MqttException.REASON_CODE_CLIENT_NOT_CONNECTED
                        ? new SendWindow.NotSent("not connected") // the connection loss is being handled
                        : new IotHubException("Cannot publish: " + Errors.describe(e), null, true, e));
            }
            return done;
        }

        private void withdraw() {
            if (counted) {
                backlog.withdraw();
            }
        }

        @Override
        public CompletableFuture<Void> subscribe(Channel channel) {
            return switch (channel) {
                case C2D -> MqttTwinMethods.subscribe(client, topics.deviceBoundFilter());
                case TWIN -> twinMethods.subscribeTwin();
                case METHODS -> twinMethods.subscribeMethods();
                default -> CompletableFuture.failedFuture(new UnsupportedOperationException(channel + " over MQTT"));
            };
        }

        @Override
        public CompletableFuture<TwinReply> twin(TwinRequest request) {
            return twinMethods.request(request);
        }

        @Override
        public CompletableFuture<Void> respond(MethodInvocation invocation, MethodResult result) {
            return twinMethods.respond(invocation, result);
        }

        @Override
        public CompletableFuture<Void> unsubscribe(Channel channel) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            String filter = switch (channel) {
                case C2D -> topics.deviceBoundFilter();
                case TWIN -> MqttTwinTopics.DESIRED_UPDATES; // twin/res stays: requests still need it
                case METHODS -> MqttTwinTopics.METHOD_REQUESTS;
                case TELEMETRY -> null;
            };
            if (filter == null || !client.isConnected()) {
                done.complete(null);
                return done;
            }
            try {
                client.unsubscribe(filter, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken t) {
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

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            offPahoThreads(() -> {
                try {
                    if (client.isConnected()) {
                        client.disconnect(1000, null, new IMqttActionListener() {
                            @Override
                            public void onSuccess(IMqttToken t) {
                                offPahoThreads(this::release);
                            }

                            @Override
                            public void onFailure(IMqttToken t, Throwable e) {
                                offPahoThreads(this::release);
                            }

                            private void release() {
                                closeClient();
                            }
                        });
                        return;
                    }
                } catch (MqttException e) {
                    LOG.debug("{}: disconnect: {}", settings.clientId(), e.getMessage());
                }
                closeClient();
            });
        }

        private void closeClient() {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1000, false);
                }
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("{}: close: {}", settings.clientId(), e.getMessage());
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (closed) {
                return;
            }
            IotHubException lost = new IotHubException("The connection to the hub was lost before it acknowledged the "
                                                       + "message: " + Errors.describe(cause), null, true, cause);
            events.lost(lost);
            outstanding.forEach(f -> f.completeExceptionally(lost));
            twinMethods.fail(lost);
        }

        @Override
        public void messageArrived(String topic, MqttMessage mqtt) throws MqttException {
            if (!closed && twinMethods.arrived(topic, mqtt)) {
                if (mqtt.getQos() > 0) {
                    ackOrder.settle(ackOrder.arrived(mqtt.getId(), mqtt.getQos()));
                }
                return;
            }
            String bag = topics.deviceBoundBag(topic);
            if (bag == null || closed) {
                LOG.debug("{}: ignoring a message on {}", settings.clientId(), topic);
                return; // not acknowledged: the hub delivers it again later
            }
            IotHubMessage message = new IotHubMessage().setBody(mqtt.getPayload());
            MqttPropertyBag.decode(settings.clientId(), bag, message);
            Object ackToken = ackOrder.arrived(mqtt.getId(), mqtt.getQos());
            events.received(Channel.C2D, new C2dDelivery() {
                @Override
                public IotHubMessage message() {
                    return message;
                }

                @Override
                public boolean stale() {
                    // at QoS 1 the hub delivers it again; at QoS 0 it never would
                    return mqtt.getQos() > 0 && (closed || !client.isConnected());
                }

                @Override
                public CompletableFuture<Void> settle(C2dOutcome outcome) {
                    if (stale()) { // a PUBACK cannot reach the hub any more: it is not settled, it comes back
                        return CompletableFuture.failedFuture(new IotHubException("The connection was lost before "
                                + "the message was acknowledged; IoT Hub delivers it again", null, true));
                    }
                    try {
                        ackOrder.settle(ackToken);
                        return CompletableFuture.completedFuture(null);
                    } catch (MqttException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                }
            });
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // completion is handled by each publish's listener
        }
    }

    private void offPahoThreads(Runnable task) {
        try {
            housekeeping.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // the component is stopping; its caller is not a Paho thread then
        }
    }
}
