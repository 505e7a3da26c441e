package io.cameliothub.component.dsl;

import org.apache.camel.builder.EndpointConsumerBuilder;
import org.apache.camel.builder.EndpointProducerBuilder;
import org.apache.camel.builder.endpoint.AbstractEndpointBuilder;

/**
 * The endpoint DSL for {@code iothub:}: typed options in the style of Camel's generated endpoint builder factories, for
 * routes written with {@code EndpointRouteBuilder} (camel-endpointdsl).
 *
 * <pre>{@code
 * import static io.cameliothub.component.dsl.IotHubEndpointBuilderFactory.iothub;
 *
 * from(timer("telemetry").period(1000))
 *     .setBody(constant("{\"temperature\":21.5}"))
 *     .to(iothub("device-1").protocol(IotHubProtocol.AMQPS).connectionString("{{device.connection-string}}"));
 * }</pre>
 *
 * camel-component-maven-plugin 4.18.0 generates no endpoint DSL for a component built outside Camel, so this builder is
 * written by hand; IotHubEndpointBuilderTest fails when it and the component's metadata (iothub.json) drift apart.
 */
public interface IotHubEndpointBuilderFactory {

    /**
     * An iothub endpoint: {@code iothub:deviceId[/moduleId]}. The path may be empty when the connection string names
     * the device.
     */
    static IotHubEndpointBuilder iothub(String path) {
        class IotHubEndpointBuilderImpl extends AbstractEndpointBuilder implements IotHubEndpointBuilder {
            IotHubEndpointBuilderImpl(String path) {
                super("iothub", path);
            }
        }
        return new IotHubEndpointBuilderImpl(path);
    }

    /** Mix into an EndpointRouteBuilder ({@code implements IotHubBuilders}) to call {@code iothub(...)} unqualified. */
    interface IotHubBuilders {
        default IotHubEndpointBuilder iothub(String path) {
            return IotHubEndpointBuilderFactory.iothub(path);
        }
    }

    /** An iothub endpoint's options, for consumers and producers alike. */
    interface IotHubEndpointBuilder extends EndpointConsumerBuilder, EndpointProducerBuilder,
            IotHubCommonOptions<IotHubEndpointBuilder>,
            IotHubConsumerOptions<IotHubEndpointBuilder>,
            IotHubProducerOptions<IotHubEndpointBuilder>,
            IotHubAdvancedOptions<IotHubEndpointBuilder>,
            IotHubSecurityOptions<IotHubEndpointBuilder>,
            IotHubProxyOptions<IotHubEndpointBuilder>,
            IotHubCertificateOptions<IotHubEndpointBuilder>,
            IotHubTwinMethodsOptions<IotHubEndpointBuilder> {
    }
}
