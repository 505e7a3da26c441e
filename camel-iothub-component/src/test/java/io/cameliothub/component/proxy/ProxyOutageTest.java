package io.cameliothub.component.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubConstants;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A proxy that dies in the middle of a D2C stream: the real proxy process (tinyproxy or microsocks) is killed with
 * SIGKILL while a route sends, stays down a second, and is started again on the same port. The lost tunnel is an
 * ordinary lost connection: the component reconnects through the proxy once it is back, the route carries on, and with
 * the route's redelivery every message reaches the hub.
 */
class ProxyOutageTest extends EmulatorTestSupport {

    private static final int COUNT = 150;

    @ParameterizedTest(name = "{0} through {1}")
    @CsvSource({ "MQTT, HTTP", "AMQPS, HTTP", "MQTT, SOCKS", "AMQPS, SOCKS" })
    void aProxyThatDiesMidStreamIsReconnectedThroughAndNothingIsLost(IotHubProtocol protocol, String proxyType)
            throws Exception {
        try (ProxyServer proxy = proxyType.equals("HTTP")
                ? ProxyServer.tinyproxy("camel", "s3cret-proxy") : ProxyServer.microsocks("camel", "s3cret-socks")) {
            DeviceInfo device = hub.registry().addDevice("outage-" + protocol.name().toLowerCase() + "-" + proxyType.toLowerCase());
            String uri = uriFor(device, protocol, "gatewayHostName=localhost&proxyType=" + proxyType
                    + "&proxyHost=127.0.0.1&proxyPort=" + proxy.port() + "&proxyUsername=camel&proxyPassword=RAW("
                    + (proxyType.equals("HTTP") ? "s3cret-proxy" : "s3cret-socks") + ")");
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    errorHandler(defaultErrorHandler().maximumRedeliveries(10).redeliveryDelay(300));
                    from("direct:" + device.deviceId()).to(uri);
                }
            });
            List<CompletableFuture<Exchange>> sends = new ArrayList<>();
            long connectionsBeforeTheOutage = 0;
            for (int i = 0; i < COUNT; i++) {
                int n = i;
                sends.add(template.asyncSend("direct:" + device.deviceId(), e -> {
                    e.getMessage().setBody("message " + n);
                    e.getMessage().setHeader(IotHubConstants.MESSAGE_ID, device.deviceId() + "-" + n);
                }));
                if (i == COUNT / 3) {
                    proxy.kill();
                    connectionsBeforeTheOutage = hub.connections().totalAccepted(device.deviceId());
                    Thread.sleep(1000);
                    proxy.restart();
                }
                Thread.sleep(10);
            }
            for (CompletableFuture<Exchange> send : sends) {
                Exchange done = send.get(30, TimeUnit.SECONDS);
                assertThat(done.getException()).as("message %s", done.getMessage().getBody()).isNull();
            }
            Set<String> atHub = hub.events().forDevice(device.deviceId()).stream().map(D2cEvent::messageId)
                    .collect(Collectors.toSet());
            for (int i = 0; i < COUNT; i++) {
                assertThat(atHub).as("at the hub").contains(device.deviceId() + "-" + i);
            }
            assertThat(connectionsBeforeTheOutage).as("connected once before the proxy died").isEqualTo(1);
            assertThat(hub.connections().totalAccepted(device.deviceId())).as("reconnected after it came back")
                    .isGreaterThanOrEqualTo(2);
        }
    }
}
