package io.cameliothub.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.cameliothub.component.IotHubComponent;
import io.cameliothub.component.IotHubProtocol;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * camel-iothub's producer, fed as fast as it accepts exchanges: it completes each one on the hub's acknowledgement and
 * fails a send at once when its in-flight window and its waiting room (maxQueued, 1,000 by default) are both full, so
 * the feeder keeps at most {@code maxInFlight + 1000} exchanges outstanding (the window never runs dry).
 */
final class CamelIotHubD2c implements D2cClient {

    /** The component's default maxQueued. */
    private static final int MAX_QUEUED = 1000;

    private final IotHubProtocol protocol;
    private final int maxInFlight;
    private CamelContext context;
    private AsyncProducer producer;

    CamelIotHubD2c(IotHubProtocol protocol, int maxInFlight) {
        this.protocol = protocol;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public String name() {
        return "camel-iothub (maxInFlight " + maxInFlight + ")";
    }

    @Override
    public void open(Hub hub, String connectionString, String deviceId) throws Exception {
        context = new DefaultCamelContext();
        IotHubComponent component = new IotHubComponent();
        component.getConfiguration().setSslContextParameters(hub.camelTls());
        context.addComponent("iothub", component);
        context.start();
        producer = context.getEndpoint("iothub:" + deviceId + "?protocol=" + protocol + "&maxInFlight=" + maxInFlight
                                       + "&connectionString=RAW(" + connectionString + ")")
                .createAsyncProducer();
        producer.start();
    }

    @Override
    public void send(int count, byte[] payload) throws Exception {
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Semaphore room = new Semaphore(maxInFlight + MAX_QUEUED);
        for (int i = 0; i < count; i++) {
            room.acquire();
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(payload);
            producer.process(exchange, doneSync -> {
                if (exchange.getException() != null) {
                    failure.compareAndSet(null, exchange.getException());
                }
                room.release();
                done.countDown();
            });
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("camel-iothub: not every message was acknowledged");
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @Override
    public void close() throws Exception {
        if (producer != null) {
            producer.stop();
        }
        if (context != null) {
            context.stop();
        }
    }
}
