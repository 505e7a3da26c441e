package io.cameliothub.emulator.service;

/** A resource of the service REST API (devices, modules, twins, ...): registers its operations in the route table. */
public interface ServiceResource {

    void register(ServiceRoutes routes);
}
