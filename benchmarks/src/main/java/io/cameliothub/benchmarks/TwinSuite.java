package io.cameliothub.benchmarks;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cameliothub.component.IotHubComponent;
import io.cameliothub.component.IotHubProtocol;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twins and direct methods of camel-iothub: method round-trip latency measured at the hub (invoke to answer, the route
 * answering {@code {}}), and desired-property changes across forced reconnects: the hub drops the device, patches
 * desired {@code {"n": i}} while it is away, and the route must come to see {@code n = i} after it reconnects.
 */
final class TwinSuite {

    private static final Logger LOG = LoggerFactory.getLogger("bench");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final Hub hub;
    private final Table table = new Table("Twins and direct methods (camel-iothub)", "figure", "MQTT", "AMQPS");

    TwinSuite(Settings settings, Hub hub) {
        this.settings = settings;
        this.hub = hub;
    }

    Table run() throws Exception {
        String[][] results = new String[2][];
        IotHubProtocol[] protocols = { IotHubProtocol.MQTT, IotHubProtocol.AMQPS };
        for (int i = 0; i < protocols.length; i++) {
            results[i] = measure(protocols[i]);
        }
        String[] figures = { "method round trip p50", "method round trip p99", "method round trip max",
                "method calls failed", "forced reconnects", "desired changes missed (route never saw n = i within 15 s)" };
        for (int f = 0; f < figures.length; f++) {
            table.row(figures[f], results[0][f], results[1][f]);
        }
        return table;
    }

    private String[] measure(IotHubProtocol protocol) throws Exception {
        Hub.Device device = hub.newDevice("twin");
        AtomicLong seen = new AtomicLong(-1);
        CamelContext context = new DefaultCamelContext();
        try {
            IotHubComponent component = new IotHubComponent();
            component.getConfiguration().setSslContextParameters(hub.camelTls());
            context.addComponent("iothub", component);
            String uri = "iothub:" + device.deviceId() + "?protocol=" + protocol + "&connectionString=RAW("
                         + device.connectionString() + ")&reconnectMinBackoff=100ms&reconnectMaxBackoff=1s";
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri + "&receive=methods").setBody(constant("{}"));
                    from(uri + "&receive=desiredProperties").process(e -> {
                        var n = JSON.readTree(e.getMessage().getBody(String.class)).get("n");
                        if (n != null && n.isNumber()) {
                            seen.set(n.asLong());
                        }
                    });
                }
            });
            context.start();
            int calls = settings.integer("methodCalls");
            hub.methodRoundTrips(device.deviceId(), Math.min(100, calls)); // warm-up
            String[] answer = hub.methodRoundTrips(device.deviceId(), calls);
            double[] millis = answer[0].isEmpty() ? new double[0]
                    : Arrays.stream(answer[0].split(",")).mapToDouble(Double::parseDouble).toArray();
            int reconnects = settings.integer("reconnects");
            int missed = 0;
            for (int i = 1; i <= reconnects; i++) {
                hub.drop(device.deviceId());
                hub.patchDesired(device.deviceId(), i);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (seen.get() != i && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                if (seen.get() != i) {
                    missed++;
                    LOG.warn("{}: after reconnect {} the route saw n = {}", protocol, i, seen.get());
                }
            }
            return new String[] { ms(Stats.percentile(millis, 50)), ms(Stats.percentile(millis, 99)),
                    ms(millis.length == 0 ? Double.NaN : Arrays.stream(millis).max().orElse(Double.NaN)), answer[1],
                    Integer.toString(reconnects), Integer.toString(missed) };
        } catch (Exception e) {
            LOG.error("{} twin benchmark failed: {}", protocol, e.toString());
            return new String[] { "failed", "failed", "failed", "-", "-", "-" };
        } finally {
            context.stop();
        }
    }

    private static String ms(double value) {
        return Table.format(value, "ms");
    }
}
