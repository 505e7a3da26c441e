package io.cameliothub.emulator.core;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live connections, one per identity: registering a second connection for an identity closes the first, as IoT Hub
 * does (400027 ConnectionForcefullyClosedOnNewConnection). Also counts every connection ever accepted.
 */
public final class ConnectionRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionRegistry.class);

    private final Map<Identity, HubConnection> live = new HashMap<>();
    private final Map<Identity, Integer> accepted = new HashMap<>();

    /** Registers {@code connection} as its identity's only live connection; closes the previous one. */
    public void register(HubConnection connection) {
        HubConnection previous;
        synchronized (this) {
            previous = live.put(connection.identity(), connection);
            accepted.merge(connection.identity(), 1, Integer::sum);
            notifyAll();
        }
        LOG.info("{} connected over {} from {}", connection.identity(), connection.protocol(), connection.remoteAddress());
        if (previous != null && previous != connection) {
            LOG.info("{}: closing the previous {} connection (new connection)", connection.identity(), previous.protocol());
            previous.close(DisconnectReason.NEW_CONNECTION);
        }
    }

    /** Removes {@code connection} if it is still its identity's live connection. */
    public void unregister(HubConnection connection) {
        synchronized (this) {
            if (!live.remove(connection.identity(), connection)) {
                return;
            }
            notifyAll();
        }
        LOG.info("{} disconnected ({})", connection.identity(), connection.protocol());
    }

    public synchronized List<ConnectionInfo> live() {
        return live.values().stream().map(ConnectionRegistry::info).toList();
    }

    public synchronized Optional<ConnectionInfo> live(Identity identity) {
        return Optional.ofNullable(live.get(identity)).map(ConnectionRegistry::info);
    }

    public Optional<ConnectionInfo> live(String deviceId) {
        return live(Identity.device(deviceId));
    }

    /** The identity's live connection itself, for heads and fault injection. */
    public synchronized Optional<HubConnection> connection(Identity identity) {
        return Optional.ofNullable(live.get(identity));
    }

    public synchronized boolean isConnected(Identity identity) {
        return live.containsKey(identity);
    }

    /** How many connections were ever accepted for the identity (reconnects included). */
    public synchronized int totalAccepted(Identity identity) {
        return accepted.getOrDefault(identity, 0);
    }

    public int totalAccepted(String deviceId) {
        return totalAccepted(Identity.device(deviceId));
    }

    /** Closes the identity's live connection; returns whether there was one. */
    public boolean close(Identity identity, DisconnectReason reason) {
        HubConnection c;
        synchronized (this) {
            c = live.get(identity);
        }
        if (c != null) {
            c.close(reason);
        }
        return c != null;
    }

    /** Closes the connections of a device and of all its modules. */
    public void closeDevice(String deviceId, DisconnectReason reason) {
        List<HubConnection> toClose;
        synchronized (this) {
            toClose = live.values().stream().filter(c -> c.identity().deviceId().equals(deviceId)).toList();
        }
        toClose.forEach(c -> c.close(reason));
    }

    public void closeAll(DisconnectReason reason) {
        List<HubConnection> toClose;
        synchronized (this) {
            toClose = List.copyOf(live.values());
        }
        toClose.forEach(c -> c.close(reason));
    }

    /** Waits until the identity has a live connection and at least {@code minTotal} accepted in all. */
    public synchronized ConnectionInfo awaitConnected(Identity identity, int minTotal, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!live.containsKey(identity) || accepted.getOrDefault(identity, 0) < minTotal) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AwaitTimeoutException(identity + " not connected (" + minTotal + " connections) within " + timeout);
            }
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwaitTimeoutException("interrupted");
            }
        }
        return info(live.get(identity));
    }

    public ConnectionInfo awaitConnected(String deviceId, Duration timeout) {
        return awaitConnected(Identity.device(deviceId), 1, timeout);
    }

    private static ConnectionInfo info(HubConnection c) {
        return new ConnectionInfo(c.identity(), c.protocol(), c.remoteAddress(), c.connectedAt());
    }
}
