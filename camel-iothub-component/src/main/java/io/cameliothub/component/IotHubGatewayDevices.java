package io.cameliothub.component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.cameliothub.component.transport.ConnectionState;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.internal.Errors;
import io.cameliothub.component.transport.internal.IotHubTransport;
import io.cameliothub.component.transport.internal.TransportRegistry;
import io.cameliothub.component.transport.internal.TransportResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices a gateway producer sends for: each connected on its first exchange (its own lease on the component's
 * shared transports, so AMQP devices multiplex on shared connections), none waiting for another to connect, and
 * closed by a sweep once idle for gatewayIdleTimeout. A device the hub refused (at its first connection or a later
 * one) stays refused (its exchanges fail at once) for reconnectMaxBackoff, then the next exchange tries again.
 */
final class IotHubGatewayDevices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IotHubGatewayDevices.class);

    private final IotHubEndpoint endpoint;
    private final ConcurrentHashMap<String, Device> devices = new ConcurrentHashMap<>();
    private final Set<String> pinned = ConcurrentHashMap.newKeySet(); // listed in gatewayDevices: never idle-closed
    /** Devices whose first connection is under way, at most this many at a time (the rest wait for a slot). */
    static final int MAX_CONNECTING = 500;
    private final IotHubConnectGate gate = new IotHubConnectGate(MAX_CONNECTING);
    private final long idleNanos;
    private final long refusalNanos;
    private Executor closer;
    private ScheduledFuture<?> sweep;

    IotHubGatewayDevices(IotHubEndpoint endpoint) {
        this.endpoint = endpoint;
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(endpoint.getConfiguration().getGatewayIdleTimeout());
        this.refusalNanos = TimeUnit.MILLISECONDS.toNanos(endpoint.getConfiguration().getReconnectMaxBackoff());
    }

    void start() {
        TransportResources resources = endpoint.getComponent().resources(endpoint.getSettings());
        closer = resources.io(); // closing a transport may wait for its socket
        long period = Math.max(50, Math.min(TimeUnit.NANOSECONDS.toMillis(idleNanos) / 2, 30_000));
        sweep = resources.scheduler().scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects the listed devices at once, in parallel, and waits up to connectTimeout for all of them. Devices the hub
     * refuses are logged and kept as refused (as if their first exchange had been refused); listed devices are never
     * closed as idle.
     *
     * @throws IllegalArgumentException when an entry cannot be a device (the message names gatewayDevices)
     * @throws IotHubException          when none of them connected
     */
    void connectListed(List<IotHubGatewayDeviceList.Entry> listed, long timeoutMillis) throws InterruptedException {
        if (listed.isEmpty()) {
            return;
        }
        Map<String, CompletableFuture<Void>> opening = new LinkedHashMap<>();
        for (IotHubGatewayDeviceList.Entry entry : listed) {
            String key = entry.clientId();
            pinned.add(key);
            Device device = devices.computeIfAbsent(key, k -> new Device(entry.deviceId(), entry.moduleId()));
            try {
                opening.put(key, device.connect());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(IotHubGatewayDeviceList.OPTION + " entry '" + key + "': "
                                                   + e.getMessage(), e);
            } catch (Exception e) { // e.g. the deviceKeyResolver knows no key: a refusal of this device only
                device.refuse(e);
                opening.put(key, CompletableFuture.failedFuture(e));
            }
        }
        try {
            CompletableFuture.allOf(opening.values().toArray(CompletableFuture[]::new))
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            // counted below, device by device
        }
        List<String> refused = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        Throwable firstError = null;
        for (Map.Entry<String, CompletableFuture<Void>> e : opening.entrySet()) {
            CompletableFuture<Void> f = e.getValue();
            if (!f.isDone()) {
                pending.add(e.getKey());
            } else if (f.isCompletedExceptionally()) {
                refused.add(e.getKey());
                if (firstError == null) {
                    firstError = Errors.unwrap(f.handle((ok, error) -> error).join());
                }
            }
        }
        int connected = opening.size() - refused.size() - pending.size();
        if (connected == 0) {
            throw new IotHubException("None of the " + opening.size() + " devices in " + IotHubGatewayDeviceList.OPTION
                                      + " connected within connectTimeout (" + timeoutMillis + "ms): " + refused.size()
                                      + " refused, " + pending.size() + " still connecting"
                                      + (firstError != null ? "; first error: " + firstError.getMessage() : ""),
                    null, true, firstError);
        }
        if (!refused.isEmpty()) {
            LOG.warn("{} of {} devices in {} could not connect (their exchanges fail until reconnectMaxBackoff has "
                     + "passed, then the next one tries again): {}; first error: {}", refused.size(), opening.size(),
                    IotHubGatewayDeviceList.OPTION, sample(refused), firstError.getMessage());
        }
        if (!pending.isEmpty()) {
            LOG.warn("{} of {} devices in {} were still connecting after connectTimeout ({}ms): {}", pending.size(),
                    opening.size(), IotHubGatewayDeviceList.OPTION, timeoutMillis, sample(pending));
        }
        LOG.info("Gateway connected {} of {} devices in {}", connected, opening.size(), IotHubGatewayDeviceList.OPTION);
    }

    private static String sample(List<String> ids) {
        return ids.size() <= 10 ? ids.toString() : ids.subList(0, 10) + " and " + (ids.size() - 10) + " more";
    }

    /**
     * The device, held for one exchange (call {@link Device#release()} when the exchange completes) and connecting if
     * it was not.
     *
     * @throws RuntimeException when the device's settings cannot be made (bad id, no key)
     */
    Device acquire(String deviceId, String moduleId) throws Exception {
        String key = IotHubGatewaySettings.clientId(deviceId, moduleId);
        while (true) {
            Device device = devices.computeIfAbsent(key, k -> new Device(deviceId, moduleId));
            long now = System.nanoTime();
            if (device.hold(now)) {
                try {
                    device.connect();
                    return device;
                } catch (Exception | Error e) {
                    device.release();
                    if (device.retire()) {
                        devices.remove(key, device);
                        device.close();
                    }
                    throw e;
                }
            }
            devices.remove(key, device);
            device.close(); // a refused transport must be gone before the next lease, or it would be shared
        }
    }

    /** How many devices are open. */
    int size() {
        return devices.size();
    }

    private void closeIdle() {
        long now = System.nanoTime();
        List<Device> idle = new ArrayList<>();
        devices.forEach((key, device) -> {
            if (!pinned.contains(key) && device.retireIfIdle(now) && devices.remove(key, device)) {
                idle.add(device);
            }
        });
        if (!idle.isEmpty()) {
            closer.execute(() -> idle.forEach(Device::close));
        }
    }

    @Override
    public void close() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        gate.close();
        List<Device> all = new ArrayList<>(devices.values());
        devices.clear();
        all.forEach(d -> {
            d.retire();
            d.close();
        });
    }

    /** One device's lease, its users and its idle time. */
    final class Device {
        private final String deviceId;
        private final String moduleId;
        private final Object connectLock = new Object();
        private volatile TransportRegistry.Lease lease;
        private volatile CompletableFuture<Void> opened;
        private IotHubConnectGate.Ticket ticket;
        private volatile Throwable refusal;
        private volatile long refusedAt;
        private int users;
        private long lastUsed;
        private boolean retired;

        Device(String deviceId, String moduleId) {
            this.deviceId = deviceId;
            this.moduleId = moduleId;
        }

        /** False when the device was retired (idle, or refused long enough ago to try again): use a new one. */
        synchronized boolean hold(long now) {
            TransportRegistry.Lease l = lease;
            if (refusal == null && l != null && l.transport().state() == ConnectionState.FAILED) {
                refusedAt = now; // refused after it had connected (e.g. disabled, key rolled): treated as a refusal
                Throwable cause = l.transport().lastError();
                refusal = cause != null ? cause : new IotHubException("IoT Hub refused device "
                        + IotHubGatewaySettings.clientId(deviceId, moduleId), null, false);
            }
            if (retired || (refusal != null && now - refusedAt > refusalNanos)) {
                retired = true;
                return false;
            }
            users++;
            lastUsed = now;
            return true;
        }

        synchronized void release() {
            users--;
            lastUsed = System.nanoTime();
        }

        /** Retires the device unless someone holds it. */
        synchronized boolean retire() {
            if (users > 0) {
                return false;
            }
            retired = true;
            return true;
        }

        synchronized boolean retireIfIdle(long now) {
            if (retired || users > 0 || now - lastUsed < idleNanos) {
                return false;
            }
            retired = true;
            return true;
        }

        /** Remembers a refusal that happened before the device had a transport. */
        void refuse(Throwable error) {
            refusedAt = System.nanoTime();
            refusal = error;
        }

        /**
         * Makes the device's transport once; its connection proceeds in the background once the gate gives it a slot.
         * Returns the open (completed when the device is connected, failed when the hub refused it).
         */
        private CompletableFuture<Void> connect() throws Exception {
            if (lease != null) {
                return opened;
            }
            synchronized (connectLock) { // only this device's first exchanges wait, for settings and a key look-up
                if (lease != null) {
                    return opened;
                }
                IotHubSettings settings = endpoint.getGatewaySettings().forDevice(deviceId, moduleId);
                IotHubComponent component = endpoint.getComponent();
                TransportRegistry.Lease made = component.getTransports().acquire(settings.transport(),
                        () -> component.resources(settings));
                ticket = gate.open(made.transport()::open);
                CompletableFuture<Void> open = ticket.opened;
                opened = open;
                lease = made;
                open.whenComplete((ok, error) -> {
                    if (error != null) {
                        refuse(Errors.unwrap(error));
                    }
                });
                return open;
            }
        }

        /** The device's transport; sends queue in its window until it is connected. */
        IotHubTransport transport() {
            return lease.transport();
        }

        /** Why the hub refused the device, or null. */
        Throwable refusal() {
            return refusal;
        }

        void close() {
            TransportRegistry.Lease l;
            IotHubConnectGate.Ticket t;
            synchronized (connectLock) {
                l = lease;
                t = ticket;
            }
            if (t != null) {
                t.release(); // a device closed while it waited for a slot, or still connecting
            }
            if (l != null) {
                l.close();
            }
        }
    }
}
