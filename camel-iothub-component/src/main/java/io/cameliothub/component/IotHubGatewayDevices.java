package io.cameliothub.component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.cameliothub.component.transport.ConnectionState;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.internal.Errors;
import io.cameliothub.component.transport.internal.IotHubTransport;
import io.cameliothub.component.transport.internal.TransportRegistry;
import io.cameliothub.component.transport.internal.TransportResources;

/**
 * The devices a gateway producer sends for: each connected on its first exchange (its own lease on the component's
 * shared transports, so AMQP devices multiplex on shared connections), none waiting for another to connect, and
 * closed by a sweep once idle for gatewayIdleTimeout. A device the hub refused (at its first connection or a later
 * one) stays refused (its exchanges fail at once) for reconnectMaxBackoff, then the next exchange tries again.
 */
final class IotHubGatewayDevices implements AutoCloseable {

    private final IotHubEndpoint endpoint;
    private final ConcurrentHashMap<String, Device> devices = new ConcurrentHashMap<>();
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
            if (device.retireIfIdle(now) && devices.remove(key, device)) {
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

        /** Makes the device's transport once; its connection proceeds in the background. */
        private void connect() throws Exception {
            if (lease != null) {
                return;
            }
            synchronized (connectLock) { // only this device's first exchanges wait, for settings and a key look-up
                if (lease != null) {
                    return;
                }
                IotHubSettings settings = endpoint.getGatewaySettings().forDevice(deviceId, moduleId);
                IotHubComponent component = endpoint.getComponent();
                TransportRegistry.Lease made = component.getTransports().acquire(settings.transport(),
                        () -> component.resources(settings));
                CompletableFuture<Void> opened = made.transport().open();
                lease = made;
                opened.whenComplete((ok, error) -> {
                    if (error != null) {
                        refusedAt = System.nanoTime();
                        refusal = Errors.unwrap(error);
                    }
                });
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
            synchronized (connectLock) {
                l = lease;
            }
            if (l != null) {
                l.close();
            }
        }
    }
}
