package io.cameliothub.benchmarks;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import io.cameliothub.component.IotHubComponent;
import io.cameliothub.component.IotHubProtocol;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twins and direct methods of camel-iothub: method round-trip latency measured at the hub (invoke to answer, the route
 * answering {@code {}}), beside the official device SDK answering the same method, and desired-property changes across forced reconnects: the hub drops the device, patches
 * desired {@code {"n": i}} while it is away, and the route must come to see {@code n = i} after it reconnects.
 */
final class TwinSuite {

    private static final Logger LOG = LoggerFactory.getLogger("bench");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final Hub hub;
    private final Table table = new Table("Twins and direct methods", "figure", "camel-iothub MQTT",
            "camel-iothub AMQPS", "iot-device-client MQTT", "iot-device-client AMQPS");

    TwinSuite(Settings settings, Hub hub) {
        this.settings = settings;
        this.hub = hub;
    }

    Table run() throws Exception {
        String[][] results = {
            measure(IotHubProtocol.MQTT), measure(IotHubProtocol.AMQPS),
            measureSdk(IotHubClientProtocol.MQTT), measureSdk(IotHubClientProtocol.AMQPS) };
        String[] figures = { "method round trip p50", "method round trip p99", "method round trip max",
                "method calls failed", "forced reconnects", "desired changes missed (route never saw n = i within 15 s)" };
        for (int f = 0; f < figures.length; f++) {
            table.row(figures[f], results[0][f], results[1][f], results[2][f], results[3][f]);
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
            String[] methods = methodFigures(device.deviceId());
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
            return new String[] { methods[0], methods[1], methods[2], methods[3], Integer.toString(reconnects),
                    Integer.toString(missed) };
        } catch (Exception e) {
            LOG.error("{} twin benchmark failed: {}", protocol, e.toString());
            return new String[] { "failed", "failed", "failed", "-", "-", "-" };
        } finally {
            context.stop();
        }
    }

    /**
     * The official device SDK answering the same method with the same payload ({@code {}}), at its best setting (its
     * receive and send threads run every 1 ms instead of the default 10 ms; SdkC2d sets the receive interval so too); its desired-properties
     * recovery after a reconnect is left to the application (it does not read the twin again), so it is not counted.
     */
    private String[] measureSdk(IotHubClientProtocol protocol) {
        Hub.Device device = hub.newDevice("twin-sdk");
        DeviceClient client = null;
        try {
            client = new DeviceClient(device.connectionString(), protocol,
                    ClientOptions.builder().sslContext(hub.sslContext()).receiveInterval(1).sendInterval(1)
                            .build());
            client.open(true);
            client.subscribeToMethods((name, payload, context) -> new DirectMethodResponse(200, Map.of()), null);
            String[] methods = methodFigures(device.deviceId());
            return new String[] { methods[0], methods[1], methods[2], methods[3], "-", "-" };
        } catch (Exception e) {
            LOG.error("SDK {} twin benchmark failed: {}", protocol, e.toString());
            return new String[] { "failed", "failed", "failed", "-", "-", "-" };
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }

    /** p50, p99, max and failures of the method round trips, after a warm-up. */
    private String[] methodFigures(String deviceId) {
        int calls = settings.integer("methodCalls");
        hub.methodRoundTrips(deviceId, Math.min(100, calls)); // warm-up
        String[] answer = hub.methodRoundTrips(deviceId, calls);
        double[] millis = answer[0].isEmpty() ? new double[0]
                : Arrays.stream(answer[0].split(",")).mapToDouble(Double::parseDouble).toArray();
        return new String[] { ms(Stats.percentile(millis, 50)), ms(Stats.percentile(millis, 99)),
                ms(millis.length == 0 ? Double.NaN : Arrays.stream(millis).max().orElse(Double.NaN)), answer[1] };
    }

    private static String ms(double value) {
        return Table.format(value, "ms");
    }
}
