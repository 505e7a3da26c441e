package io.cameliothub.component.transport.internal.amqp;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cameliothub.component.transport.internal.TransportProtocol;
import io.cameliothub.component.transport.internal.TransportResources;
import io.cameliothub.component.transport.internal.TransportSettings;

/**
 * The field-gateway multiplexer: devices with the same hub, connect host, port, transport and TLS settings share one
 * AMQP connection, up to IoT Hub's per-connection limit (1000 devices over TLS, 500 over WebSocket); past it another
 * connection opens. A connection closes when its last device leaves. X.509 devices authenticate with their TLS
 * certificate, so each gets a connection of its own.
 */
final class AmqpConnectionPool {

    static final int MAX_DEVICES = 1000;
    static final int MAX_DEVICES_WS = 500;

    private record Key(TransportProtocol protocol, String connectHost, int port, String hostName, Object tls,
                       String x509Identity, Object proxy) {
    }

    private final int maxDevices;
    private final int maxDevicesWs;
    private final Map<Key, List<AmqpConnection>> connections = new HashMap<>();
    private final Map<AmqpConnection, Set<AmqpDeviceWire>> members = new LinkedHashMap<>();

    AmqpConnectionPool() {
        this(MAX_DEVICES, MAX_DEVICES_WS);
    }

    AmqpConnectionPool(int maxDevices, int maxDevicesWs) {
        this.maxDevices = maxDevices;
        this.maxDevicesWs = maxDevicesWs;
    }

    /** Puts a device on a connection with room, opening one if needed. */
    synchronized AmqpConnection attach(TransportSettings settings, TransportResources resources, AmqpDeviceWire device) {
        Key key = new Key(settings.protocol(), settings.connectHost(), settings.port(), settings.hostName(),
                resources.sslContext(), settings.isX509() ? settings.clientId() : null,
                settings.proxy());
        int limit = settings.protocol().isWebSocket() ? maxDevicesWs : maxDevices;
        List<AmqpConnection> candidates = connections.computeIfAbsent(key, k -> new ArrayList<>());
        AmqpConnection chosen = null;
        for (AmqpConnection c : candidates) {
            if (members.get(c).size() < limit) {
                chosen = c;
                break;
            }
        }
        if (chosen == null) {
            HttpClient http = settings.protocol().isWebSocket()
                    ? resources.httpClients().get(resources.sslContext(), settings.proxy(), settings.connectTimeout(),
                    resources.io()) : null;
            chosen = new AmqpConnection(settings, resources.sslContext(), http, resources.io());
            candidates.add(chosen);
            members.put(chosen, new LinkedHashSet<>());
        }
        members.get(chosen).add(device);
        chosen.add(device);
        return chosen;
    }

    /** Takes a device off its connection (idempotent); the connection closes with its last device. */
    synchronized void detach(AmqpConnection connection, AmqpDeviceWire device) {
        if (connection == null) {
            return;
        }
        Set<AmqpDeviceWire> set = members.get(connection);
        if (set == null || !set.remove(device)) {
            return;
        }
        boolean last = set.isEmpty();
        if (last) {
            members.remove(connection);
            connections.values().forEach(list -> list.remove(connection));
            connections.values().removeIf(List::isEmpty);
        }
        connection.remove(device, last);
    }

    /** Live connections, for tests and health details. */
    synchronized int connectionCount() {
        return members.size();
    }
}
