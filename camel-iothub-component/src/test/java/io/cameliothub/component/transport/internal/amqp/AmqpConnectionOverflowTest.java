package io.cameliothub.component.transport.internal.amqp;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubComponent;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Past the per-connection device limit the component opens another connection by itself. IoT Hub's limits are 1000
 * (TLS) and 500 (WebSocket); here the limit is 3 so that seven devices need three connections.
 */
class AmqpConnectionOverflowTest extends EmulatorTestSupport {

    private final AmqpTransportFactory factory = new AmqpTransportFactory(3, 3);

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        IotHubComponent component = context.getComponent("iothub", IotHubComponent.class);
        component.getTransports().register(io.cameliothub.component.transport.internal.TransportProtocol.AMQPS, factory);
        return context;
    }

    @Test
    void devicesPastTheLimitGoToANewConnection() throws Exception {
        List<DeviceInfo> devices = IntStream.range(0, 7).mapToObj(i -> hub.registry().addDevice("overflow-" + i))
                .toList();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (DeviceInfo d : devices) {
                    from("direct:" + d.deviceId()).to(uriFor(d, IotHubProtocol.AMQPS, null));
                }
            }
        });
        for (DeviceInfo d : devices) {
            template.sendBody("direct:" + d.deviceId(), "hi");
        }

        Map<String, Long> devicesPerConnection = devices.stream()
                .map(d -> hub.connections().live(d.deviceId()).orElseThrow().remoteAddress())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(devicesPerConnection.values()).containsExactlyInAnyOrder(3L, 3L, 1L);
        assertThat(factory.connectionCount()).isEqualTo(3);
        assertThat(devices).allSatisfy(d -> assertThat(hub.events().forDevice(d.deviceId())).hasSize(1));
    }
}
