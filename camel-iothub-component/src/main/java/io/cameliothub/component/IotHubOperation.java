package io.cameliothub.component;

/**
 * What the producer does with an exchange.
 */
public enum IotHubOperation {
    /** Send the body as a device-to-cloud message (telemetry). */
    sendEvent,
    /** Read the device's twin: the body becomes the twin JSON ({"desired":{...},"reported":{...}}). */
    getTwin,
    /** Patch the device's reported properties with the body (a JSON object, a Map or a Jackson JsonNode). */
    updateReportedProperties
}
