package io.cameliothub.component.springboot;

import java.time.Duration;

import io.cameliothub.component.transport.C2dOutcome;

/**
 * The cloud-to-device consumer options of the iothub component, as {@code camel.component.iothub.*} properties (a
 * superclass of {@link IotHubComponentConfiguration}, which keeps each file to one concern).
 */
public abstract class IotHubComponentC2dProperties extends IotHubComponentGatewayProperties {

    /**
     * What the consumer tells the hub about a cloud-to-device message whose exchange failed: ABANDON (the hub delivers
     * it again, up to its maximum delivery count), REJECT (the hub dead-letters it) or COMPLETE. MQTT knows only
     * COMPLETE, so over MQTT a failed message is always completed.
     */
    private C2dOutcome c2dFailureOutcome = C2dOutcome.ABANDON;

    /**
     * HTTPS only: how long the consumer waits between polls for cloud-to-device messages. IoT Hub's guidance is to
     * poll no more often than every 25 minutes; a shorter interval is allowed (e.g. during development) but logged as a
     * warning when the consumer starts. Use MQTT or AMQPS when commands must arrive promptly.
     */
    private Duration pollInterval = Duration.ofMinutes(25);

    /**
     * HTTPS only: the most cloud-to-device messages one poll receives. Each is received, routed and settled before the
     * next one is received, so each message's lock (1 minute) covers only its own route.
     */
    private Integer maxMessagesPerPoll = 50;

    public C2dOutcome getC2dFailureOutcome() {
        return c2dFailureOutcome;
    }

    public void setC2dFailureOutcome(C2dOutcome c2dFailureOutcome) {
        this.c2dFailureOutcome = c2dFailureOutcome;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public Integer getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(Integer maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }
}
