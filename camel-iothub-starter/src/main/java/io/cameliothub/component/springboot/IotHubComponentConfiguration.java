package io.cameliothub.component.springboot;

import java.time.Duration;

import io.cameliothub.component.IotHubBodyFormat;
import io.cameliothub.component.IotHubComponent;
import io.cameliothub.component.IotHubConfiguration;
import io.cameliothub.component.IotHubProtocol;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The options of the {@link IotHubComponent}, as {@code camel.component.iothub.*} properties: the defaults of every
 * {@code iothub:} endpoint. One property per component option of the component's JSON
 * ({@code META-INF/io/cameliothub/component/iothub.json}, {@code componentProperties}); descriptions and defaults
 * follow it. Durations accept Spring Boot's forms ({@code 30s}, {@code 500ms}, {@code PT1M}; a bare number is
 * milliseconds). Object options take a bean reference: {@code #beanName} or {@code #bean:beanName}.
 */
@ConfigurationProperties(prefix = "camel.component.iothub")
public class IotHubComponentConfiguration extends IotHubComponentSecurityProperties {

    // common

    /**
     * The transport: MQTT (port 8883, one device per connection), MQTT_WS (MQTT over WebSocket, port 443), AMQPS (port
     * 5671, many devices share one connection: gateways), AMQPS_WS (AMQP over WebSocket, port 443) or HTTPS (port 443,
     * cloud-to-device by polling).
     */
    private IotHubProtocol protocol = IotHubProtocol.MQTT;

    /**
     * The port to connect to. Defaults to the protocol's port: 8883 for MQTT, 5671 for AMQPS, 443 for the WebSocket
     * transports and HTTPS.
     */
    private Integer port;

    /**
     * The IoT Hub host name, e.g. my-hub.azure-devices.net. Taken from the connection string when one is given.
     */
    private String hostName;

    /**
     * An IoT Edge gateway to connect to instead of the hub. Tokens and the device's identity still name hostName.
     */
    private String gatewayHostName;

    /**
     * The options every endpoint of this component starts from, as a bean reference (#beanName). It is applied first;
     * the other camel.component.iothub.* properties, defaults included, are then applied on top of it.
     */
    private IotHubConfiguration configuration;

    // consumer


    /**
     * Whether exceptions the consumer meets while picking up messages go to the route's error handler as exchanges,
     * instead of the consumer's ExceptionHandler, which logs them.
     */
    private Boolean bridgeErrorHandler = false;



    // producer

    /**
     * The most device-to-cloud messages that may await the hub's acknowledgement at once on a connection. When the
     * window is full, up to maxQueued messages wait for their turn; no thread ever waits.
     */
    private Integer maxInFlight = 64;

    /**
     * The most device-to-cloud messages of a device that may wait for room in its maxInFlight window. Past it a send
     * fails at once with a retryable IotHubException (the hub is slow or unreachable), so no thread ever waits.
     */
    private Integer maxQueued = 1000;

    /**
     * MQTT quality of service for device-to-cloud messages: 1 (the default) completes the exchange when the hub
     * acknowledged the message; 0 is fire-and-forget telemetry, complete once written to the connection. IoT Hub does
     * not support 2.
     */
    private Integer qos = 1;

    /**
     * How the producer turns the body into the message's bytes: BYTES (Camel's type converters; a body with no
     * converter, such as a POJO, fails the exchange) or JSON (Maps, POJOs and JsonNodes are written as JSON with
     * Jackson, and the message is labelled application/json, utf-8 unless the route set a content type or encoding).
     */
    private IotHubBodyFormat bodyFormat = IotHubBodyFormat.BYTES;





    /**
     * Whether a null body is sent as an empty (0-byte) message. By default a null body fails the exchange.
     */
    private Boolean allowEmptyBody = false;

    /**
     * How long a device-to-cloud message may take, waiting for its turn included, until the hub acknowledges it; past
     * that the exchange fails.
     */
    private Duration sendTimeout = Duration.ofSeconds(60);

    /**
     * Whether producers start on their first message instead of with their route, so that a route can start while
     * the hub cannot be reached and the failure is handled by the route's error handler.
     */
    private Boolean lazyStartProducer = false;

    // advanced

    /**
     * How long to wait for the connection to the hub (TCP, TLS and protocol handshake).
     */
    private Duration connectTimeout = Duration.ofSeconds(30);

    /**
     * The MQTT keep-alive interval and the AMQP idle timeout. IoT Hub's maximum is 1177 seconds.
     */
    private Duration keepAliveInterval = Duration.ofSeconds(230);

    /**
     * The shortest wait before reconnecting after the connection dropped; waits grow exponentially, with jitter.
     */
    private Duration reconnectMinBackoff = Duration.ofMillis(500);

    /**
     * The longest wait between reconnection attempts.
     */
    private Duration reconnectMaxBackoff = Duration.ofSeconds(30);

    /**
     * A send fails at once (with a retryable IotHubException naming the last connection error) when the device has been
     * disconnected for longer than this, instead of waiting in the send window for up to sendTimeout. 0 (the default)
     * keeps every message waiting for the connection to come back.
     */
    private Duration failFastWhenDisconnected = Duration.ZERO;

    /**
     * Whether options marked as autowired are looked up in the registry and set when a single bean of their type is
     * found.
     */
    private Boolean autowiredEnabled = true;

    // filter

    /**
     * Decides which Camel headers travel as IoT Hub application properties and which received properties become
     * headers, as a bean reference (#beanName). By default Camel's own headers (Camel, org.apache.camel) stay out.
     */
    private HeaderFilterStrategy headerFilterStrategy;

    // health

    /**
     * Whether the consumers of this component report health checks (UP while connected to the hub).
     */
    private Boolean healthCheckConsumerEnabled = true;

    /**
     * Whether the producers of this component report health checks. Camel disables producer checks globally unless
     * camel.health.producers-enabled=true.
     */
    private Boolean healthCheckProducerEnabled = true;

    // security: secrets have no default







    public IotHubProtocol getProtocol() {
        return protocol;
    }

    public void setProtocol(IotHubProtocol protocol) {
        this.protocol = protocol;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getHostName() {
        return hostName;
    }

    public void setHostName(String hostName) {
        this.hostName = hostName;
    }

    public String getGatewayHostName() {
        return gatewayHostName;
    }

    public void setGatewayHostName(String gatewayHostName) {
        this.gatewayHostName = gatewayHostName;
    }

    public IotHubConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(IotHubConfiguration configuration) {
        this.configuration = configuration;
    }



    public Boolean getBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(Boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
    }





    public Integer getMaxQueued() {
        return maxQueued;
    }

    public void setMaxQueued(Integer maxQueued) {
        this.maxQueued = maxQueued;
    }

    public Integer getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(Integer maxInFlight) {
        this.maxInFlight = maxInFlight;
    }







    public IotHubBodyFormat getBodyFormat() {
        return bodyFormat;
    }

    public void setBodyFormat(IotHubBodyFormat bodyFormat) {
        this.bodyFormat = bodyFormat;
    }



    public Boolean getAllowEmptyBody() {
        return allowEmptyBody;
    }

    public void setAllowEmptyBody(Boolean allowEmptyBody) {
        this.allowEmptyBody = allowEmptyBody;
    }

    public Integer getQos() {
        return qos;
    }

    public void setQos(Integer qos) {
        this.qos = qos;
    }

    public Duration getSendTimeout() {
        return sendTimeout;
    }

    public void setSendTimeout(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getKeepAliveInterval() {
        return keepAliveInterval;
    }

    public void setKeepAliveInterval(Duration keepAliveInterval) {
        this.keepAliveInterval = keepAliveInterval;
    }

    public Duration getReconnectMinBackoff() {
        return reconnectMinBackoff;
    }

    public void setReconnectMinBackoff(Duration reconnectMinBackoff) {
        this.reconnectMinBackoff = reconnectMinBackoff;
    }

    public Duration getFailFastWhenDisconnected() {
        return failFastWhenDisconnected;
    }

    public void setFailFastWhenDisconnected(Duration failFastWhenDisconnected) {
        this.failFastWhenDisconnected = failFastWhenDisconnected;
    }

    public Duration getReconnectMaxBackoff() {
        return reconnectMaxBackoff;
    }

    public void setReconnectMaxBackoff(Duration reconnectMaxBackoff) {
        this.reconnectMaxBackoff = reconnectMaxBackoff;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public HeaderFilterStrategy getHeaderFilterStrategy() {
        return headerFilterStrategy;
    }

    public void setHeaderFilterStrategy(HeaderFilterStrategy headerFilterStrategy) {
        this.headerFilterStrategy = headerFilterStrategy;
    }

    public Boolean getHealthCheckConsumerEnabled() {
        return healthCheckConsumerEnabled;
    }

    public void setHealthCheckConsumerEnabled(Boolean healthCheckConsumerEnabled) {
        this.healthCheckConsumerEnabled = healthCheckConsumerEnabled;
    }

    public Boolean getHealthCheckProducerEnabled() {
        return healthCheckProducerEnabled;
    }

    public void setHealthCheckProducerEnabled(Boolean healthCheckProducerEnabled) {
        this.healthCheckProducerEnabled = healthCheckProducerEnabled;
    }












}
