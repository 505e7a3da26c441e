package io.cameliothub.component.transport;

import io.cameliothub.component.IotHubSettings;

/**
 * Makes the transport for one wire.
 */
@FunctionalInterface
public interface IotHubTransportFactory {
    IotHubTransport create(IotHubSettings settings, TransportResources resources) throws Exception;
}
