package io.cameliothub.benchmarks;

import java.util.function.Consumer;

import io.cameliothub.component.IotHubComponent;
import io.cameliothub.component.IotHubConstants;
import io.cameliothub.component.IotHubProtocol;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A camel-iothub consumer route; the latency ends when the route sees the message.
 */
final class CamelIotHubC2d implements C2dClient {

    private final IotHubProtocol protocol;
    private CamelContext context;

    CamelIotHubC2d(IotHubProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public String name() {
        return "camel-iothub";
    }

    @Override
    public void open(Hub hub, String connectionString, String deviceId, Consumer<String> onMessageId) throws Exception {
        context = new DefaultCamelContext();
        IotHubComponent component = new IotHubComponent();
        component.getConfiguration().setSslContextParameters(hub.camelTls());
        context.addComponent("iothub", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("iothub:" + deviceId + "?protocol=" + protocol + "&connectionString=RAW(" + connectionString + ")")
                        .process(e -> onMessageId.accept(e.getMessage().getHeader(IotHubConstants.MESSAGE_ID, String.class)));
            }
        });
        context.start();
    }

    @Override
    public void close() {
        if (context != null) {
            context.stop();
        }
    }
}
