package io.cameliothub.quarkus.deployment.devservices.hub;

/** What the Dev Service's hub offers over JMX (jconsole, jmc, or IotHubDevServicesHub in tests). JDK types only. */
public interface EmulatorHubMBean {

    String getHostName();

    int getMqttPort();

    int getAmqpPort();

    int getHttpsPort();

    String[] getDevices();

    void registerDevice(String deviceId);

    void registerModule(String deviceId, String moduleId);

    String sendC2d(String deviceId, String body);

    String awaitTelemetry(String deviceId, String bodyContains, long timeoutMillis);
}
