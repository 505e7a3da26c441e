package io.cameliothub.component.gateway;

import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** A gateway endpoint refuses, at creation, every configuration that could not serve any device. */
class GatewayEndpointValidationTest {

    private static final String KEY = "Y2FtZWwtaW90aHViLXRlc3Qta2V5LTAxMjM0NTY3ODk=";
    private static final String POLICY = "hostName=hub.iothub.test&sharedAccessKeyName=device&sharedAccessKey=RAW(" + KEY
                                         + ")";

    private static CamelContext context;

    @BeforeAll
    static void startContext() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterAll
    static void stopContext() {
        context.stop();
    }

    static Stream<Arguments> badGateways() {
        return Stream.of(
                arguments("iothub:d1?gateway=true&" + POLICY, "leave the endpoint path empty"),
                arguments("iothub:?gateway=true&hostName=hub.iothub.test&sharedAccessKey=RAW(" + KEY + ")",
                        "sharedAccessKey without sharedAccessKeyName is a device key"),
                arguments("iothub:?gateway=true&hostName=hub.iothub.test",
                        "gateway=true needs credentials for any device"),
                arguments("iothub:?gateway=true&connectionString=RAW(HostName=hub.iothub.test;DeviceId=d1;"
                          + "SharedAccessKey=" + KEY + ")", "gateway=true takes the connectionString of a shared "
                                                                   + "access policy with DeviceConnect"),
                arguments("iothub:?gateway=true&hostName=other.iothub.test&connectionString=RAW(HostName=hub.iothub.test;"
                          + "SharedAccessKeyName=device;SharedAccessKey=" + KEY + ")",
                        "hostName 'other.iothub.test' disagrees with the connectionString's 'hub.iothub.test'"),
                arguments("iothub:?gateway=true&gatewayIdleTimeout=0&" + POLICY, "gatewayIdleTimeout must be positive"),
                arguments("iothub:?gateway=true&sharedAccessKeyName=device&sharedAccessKey=RAW(" + KEY + ")",
                        "hostName is missing"),
                arguments("iothub:?gateway=true&gatewayDevices=d1,,d2&" + POLICY,
                        "gatewayDevices has the entry '': expected comma-separated device ids, device/module"),
                arguments("iothub:?gateway=true&gatewayDevices=d1/m1/x&" + POLICY, "gatewayDevices has the entry 'd1/m1/x'"),
                arguments("iothub:?gateway=true&gatewayDevices=#noSuchBean&" + POLICY,
                        "gatewayDevices refers to bean 'noSuchBean', which is not in the registry"),
                arguments("iothub:d1?gatewayDevices=d1,d2&" + POLICY, "gatewayDevices lists the devices of a gateway "
                                                                      + "endpoint: it needs gateway=true"));
    }

    @ParameterizedTest
    @MethodSource("badGateways")
    void badGatewayEndpointsNameTheOption(String uri, String expected) {
        ResolveEndpointFailedException e = catchThrowableOfType(ResolveEndpointFailedException.class,
                () -> context.getEndpoint(uri));
        assertThat(e).isNotNull();
        assertThat(e.getCause()).hasMessageContaining(expected);
        assertThat(e.getMessage()).doesNotContain(KEY);
    }

    @Test
    void aGatewayEndpointDoesNotConsume() throws Exception {
        CamelContext ctx = new DefaultCamelContext();
        try {
            ctx.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("iothub:?gateway=true&" + POLICY).to("log:x");
                }
            });
            Throwable failure = catchThrowable(ctx::start);
            assertThat(failure).isNotNull();
            Throwable root = failure;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root).hasMessageContaining("gateway=true endpoints only send");
        } finally {
            ctx.stop();
        }
    }
}
