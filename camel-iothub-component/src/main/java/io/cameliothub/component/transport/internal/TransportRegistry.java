package io.cameliothub.component.transport.internal;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Hands out one transport per device identity and wire, shared by every producer and consumer of that device: IoT Hub
 * allows a device only one MQTT connection, so a route that sends and receives for the same device must share it. The
 * transport closes when its last user lets go. Connection options (in-flight window, timeouts) come from the endpoint
 * that opened it.
 */
public final class TransportRegistry {

    private record Key(TransportProtocol protocol, String connectHost, int port, String hostName, String clientId) {
    }

    private final class Shared {
        final IotHubTransport transport;
        int users;

        Shared(IotHubTransport transport) {
            this.transport = transport;
        }
    }

    /** A user's hold on a shared transport; close it when done. */
    public final class Lease implements AutoCloseable {
        private final Key key;
        private final IotHubTransport transport;
        private boolean released;

        private Lease(Key key, IotHubTransport transport) {
            this.key = key;
            this.transport = transport;
        }

        public IotHubTransport transport() {
            return transport;
        }

        @Override
        public void close() {
            IotHubTransport toClose = null;
            synchronized (TransportRegistry.this) {
                if (released) {
                    return;
                }
                released = true;
                Shared shared = transports.get(key);
                if (shared != null && shared.transport == transport && --shared.users == 0) {
                    transports.remove(key);
                    toClose = transport;
                }
            }
            if (toClose != null) {
                toClose.close();
            }
        }
    }

    private final Map<TransportProtocol, IotHubTransportFactory> factories = new EnumMap<>(TransportProtocol.class);
    private final Map<Key, Shared> transports = new HashMap<>();

    public void register(TransportProtocol protocol, IotHubTransportFactory factory) {
        factories.put(protocol, factory);
    }

    public boolean supports(TransportProtocol protocol) {
        return factories.containsKey(protocol);
    }

    /**
     * The device's transport, made on first use.
     *
     * @throws UnsupportedOperationException when no transport for the protocol exists
     */
    public synchronized Lease acquire(TransportSettings settings, Supplier<TransportResources> resources)
            throws Exception {
        Key key = key(settings);
        Shared shared = transports.get(key);
        if (shared == null) {
            IotHubTransportFactory factory = factories.get(settings.protocol());
            if (factory == null) {
                throw new UnsupportedOperationException("The " + settings.protocol()
                                                        + " transport of the iothub component is not available yet");
            }
            shared = new Shared(factory.create(settings, resources.get()));
            transports.put(key, shared);
        }
        shared.users++;
        return new Lease(key, shared.transport);
    }

    /** The device's transport while someone holds it, without taking a hold (for JMX and metrics readers). */
    public synchronized IotHubTransport find(TransportSettings settings) {
        Shared shared = transports.get(key(settings));
        return shared == null ? null : shared.transport;
    }

    private static Key key(TransportSettings settings) {
        return new Key(settings.protocol(), settings.connectHost(), settings.port(), settings.hostName(),
                settings.clientId());
    }

    /** Closes every transport (the component stops). */
    public void closeAll() {
        Map<Key, Shared> all;
        synchronized (this) {
            all = new HashMap<>(transports);
            transports.clear();
        }
        all.values().forEach(s -> s.transport.close());
    }
}
