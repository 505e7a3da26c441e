package io.cameliothub.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.cameliothub.component.IotHubComponent;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * camel-iothub over HTTPS with a List body: each exchange carries {@code batchSize} messages, sent as batch requests.
 */
final class CamelIotHubBatchD2c implements D2cClient {

    private final int batchSize;
    private CamelContext context;
    private AsyncProducer producer;

    CamelIotHubBatchD2c(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return "camel-iothub (batches of " + batchSize + ")";
    }

    @Override
    public void open(Hub hub, String connectionString, String deviceId) throws Exception {
        context = new DefaultCamelContext();
        IotHubComponent component = new IotHubComponent();
        component.getConfiguration().setSslContextParameters(hub.camelTls());
        context.addComponent("iothub", component);
        context.start();
        producer = context.getEndpoint("iothub:" + deviceId + "?protocol=HTTPS&maxInFlight=8&connectionString=RAW("
                                       + connectionString + ")")
                .createAsyncProducer();
        producer.start();
    }

    @Override
    public void send(int count, byte[] payload) throws Exception {
        int batches = Math.max(1, count / batchSize);
        CountDownLatch done = new CountDownLatch(batches);
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int b = 0; b < batches; b++) {
            List<byte[]> bodies = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                bodies.add(payload);
            }
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(bodies);
            producer.process(exchange, doneSync -> {
                if (exchange.getException() != null) {
                    failure.compareAndSet(null, exchange.getException());
                }
                done.countDown();
            });
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("camel-iothub: not every batch was acknowledged");
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
