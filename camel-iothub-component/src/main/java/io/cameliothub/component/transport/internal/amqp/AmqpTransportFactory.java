package io.cameliothub.component.transport.internal.amqp;

import io.cameliothub.component.transport.internal.DeviceSession;
import io.cameliothub.component.transport.internal.IotHubTransport;
import io.cameliothub.component.transport.internal.IotHubTransportFactory;
import io.cameliothub.component.transport.internal.TransportResources;
import io.cameliothub.component.transport.internal.TransportSettings;

/**
 * Makes AMQP and AMQP-over-WebSocket transports. One factory per component: its pool decides which devices share a
 * connection.
 */
public final class AmqpTransportFactory implements IotHubTransportFactory {

    private final AmqpConnectionPool pool;

    public AmqpTransportFactory() {
        this(new AmqpConnectionPool());
    }

    /** With lower per-connection device limits than IoT Hub's, for tests of the overflow to a new connection. */
    AmqpTransportFactory(int maxDevices, int maxDevicesOverWebSocket) {
        this(new AmqpConnectionPool(maxDevices, maxDevicesOverWebSocket));
    }

    private AmqpTransportFactory(AmqpConnectionPool pool) {
        this.pool = pool;
    }

    @Override
    public IotHubTransport create(TransportSettings settings, TransportResources resources) {
        return new DeviceSession(settings, resources, new AmqpDeviceWire(settings, resources, pool));
    }

    /** How many AMQP connections the component's devices use now. */
    public int connectionCount() {
        return pool.connectionCount();
    }
}
