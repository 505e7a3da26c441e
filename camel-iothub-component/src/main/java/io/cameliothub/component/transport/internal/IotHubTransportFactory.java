package io.cameliothub.component.transport.internal;

/**
 * Makes the transport of one device for one wire.
 */
@FunctionalInterface
public interface IotHubTransportFactory {
    IotHubTransport create(TransportSettings settings, TransportResources resources) throws Exception;
}
