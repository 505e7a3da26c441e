package io.cameliothub.component;

/**
 * Looks up the symmetric key of a device (or module) a gateway endpoint sends for: implement it and set it as the
 * endpoint's deviceKeyResolver (e.g. {@code iothub:?gateway=true&deviceKeyResolver=#myKeys}). Called once each time a
 * device connects, on the route's thread, never on an I/O thread; it may block briefly (a vault or database look-up).
 */
@FunctionalInterface
public interface IotHubDeviceKeyResolver {

    /**
     * @param  deviceId the device, as the exchange's CamelIotHubDeviceId header names it
     * @param  moduleId the module, or null for the device itself
     * @return          the device's or module's key as Base64, or null when this gateway knows no key for it (the
     *                  exchange then fails)
     */
    String resolveKey(String deviceId, String moduleId);
}
