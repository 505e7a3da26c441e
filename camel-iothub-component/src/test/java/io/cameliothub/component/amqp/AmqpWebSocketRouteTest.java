package io.cameliothub.component.amqp;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.component.IotHubRouteTestSupport;
import io.cameliothub.emulator.core.ConnectionInfo;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.Protocol;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AMQP over WebSocket (subprotocol AMQPWSB10) over TLS, end to end against the emulator's /$iothub/websocket.
 */
class AmqpWebSocketRouteTest extends IotHubRouteTestSupport {

    @Override
    protected IotHubProtocol protocol() {
        return IotHubProtocol.AMQPS_WS;
    }

    @Override
    protected void assertTokensWereRenewed(DeviceInfo device) {
        assertThat(hub.connections().totalAccepted(device.deviceId())).as("renewed inside the open connection")
                .isEqualTo(1);
        assertThat(hub.amqp().putTokens(device.identity())).as("a 2 s token over a ~6 s stream: CBS put-tokens")
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void devicesShareOneWebSocket() throws Exception {
        List<DeviceInfo> devices = IntStream.range(0, 20).mapToObj(i -> newDevice("ws-gw")).toList();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (DeviceInfo d : devices) {
                    from("direct:" + d.deviceId()).to(uri(d, null));
                }
            }
        });
        for (DeviceInfo d : devices) {
            template.sendBody("direct:" + d.deviceId(), "over the socket");
        }

        Set<String> peers = devices.stream()
                .map(d -> hub.connections().live(d.deviceId()).map(ConnectionInfo::remoteAddress).orElse("none"))
                .collect(Collectors.toSet());
        assertThat(peers).as("one WebSocket for all").hasSize(1).doesNotContain("none");
        assertThat(devices).allSatisfy(d -> assertThat(hub.events().forDevice(d.deviceId())).singleElement()
                .satisfies(e -> assertThat(e.protocol()).isEqualTo(Protocol.AMQPS_WS)));
    }
}
