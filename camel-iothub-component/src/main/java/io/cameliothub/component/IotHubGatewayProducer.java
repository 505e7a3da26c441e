package io.cameliothub.component;

import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.transport.internal.Errors;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * The producer of a gateway endpoint (gateway=true): sends each exchange for the device its CamelIotHubDeviceId header
 * (and CamelIotHubModuleId) names, as {@link IotHubProducer} does for one device. Devices connect on their first
 * exchange, in parallel; their sends wait in the device's window meanwhile, and no thread waits.
 */
public class IotHubGatewayProducer extends DefaultAsyncProducer {

    private final IotHubExchangeSender sender;
    private IotHubGatewayDevices devices;

    public IotHubGatewayProducer(IotHubEndpoint endpoint) {
        super(endpoint);
        this.sender = new IotHubExchangeSender(endpoint);
    }

    @Override
    public IotHubEndpoint getEndpoint() {
        return (IotHubEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        devices = new IotHubGatewayDevices(getEndpoint());
        devices.start();
        try {
            devices.connectListed(getEndpoint().getGatewaySettings().listedDevices(),
                    getEndpoint().getConfiguration().getConnectTimeout());
        } catch (Exception e) {
            devices.close();
            devices = null;
            throw e;
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (devices != null) {
            devices.close();
            devices = null;
        }
        super.doStop();
    }

    /** How many devices this producer has open (idle ones are closed after gatewayIdleTimeout). */
    public int getOpenDevices() {
        IotHubGatewayDevices d = devices;
        return d == null ? 0 : d.size();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        IotHubGatewayDevices.Device device;
        CompletableFuture<Void> sent;
        try {
            device = devices.acquire(header(exchange, IotHubConstants.DEVICE_ID, true),
                    header(exchange, IotHubConstants.MODULE_ID, false));
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        try {
            Throwable refusal = device.refusal();
            sent = refusal != null ? CompletableFuture.failedFuture(refusal) : sender.perform(device.transport(), exchange);
        } catch (Exception e) {
            device.release();
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        sent.whenComplete((ok, error) -> {
            device.release();
            if (error != null) {
                exchange.setException(Errors.unwrap(error));
            }
            callback.done(false);
        });
        return false;
    }

    private static String header(Exchange exchange, String name, boolean required) {
        Object value = exchange.getMessage().getHeader(name);
        if (value == null || value.toString().isBlank()) {
            if (required) {
                throw new IllegalArgumentException("Header " + name + " is missing: a gateway endpoint (gateway=true) "
                                                   + "sends each message for the device that header names");
            }
            return null;
        }
        return value.toString();
    }
}
