package io.cameliothub.component;

import io.cameliothub.component.transport.C2dOutcome;
import org.apache.camel.spi.UriParam;

/**
 * The cloud-to-device consumer options of {@link IotHubConfiguration} (a superclass, so the endpoint and component
 * see them as their own while each file keeps to one concern).
 */
public abstract class IotHubC2dConfiguration extends IotHubResilienceConfiguration {

    /**
     * What the consumer tells the hub about a cloud-to-device message whose exchange failed: ABANDON (the hub delivers
     * it again, up to its maximum delivery count), REJECT (the hub dead-letters it) or COMPLETE. MQTT knows only
     * COMPLETE, so over MQTT a failed message is always completed.
     */
    @UriParam(label = "consumer", defaultValue = "ABANDON", enums = "ABANDON,REJECT,COMPLETE")
    private C2dOutcome c2dFailureOutcome = C2dOutcome.ABANDON;

    /**
     * HTTPS only: how long the consumer waits between polls for cloud-to-device messages. IoT Hub's guidance is to poll
     * no more often than every 25 minutes; a shorter interval is allowed (e.g. during development) but logged as a
     * warning when the consumer starts. Use MQTT or AMQPS when commands must arrive promptly.
     */
    @UriParam(label = "consumer", defaultValue = "25m", javaType = "java.time.Duration")
    private long pollInterval = 1_500_000L;

    /**
     * HTTPS only: the most cloud-to-device messages one poll receives. Each is received, routed and settled before the
     * next one is received, so each message's lock (1 minute) covers only its own route.
     */
    @UriParam(label = "consumer", defaultValue = "50")
    private int maxMessagesPerPoll = 50;

    public C2dOutcome getC2dFailureOutcome() {
        return c2dFailureOutcome;
    }

    public void setC2dFailureOutcome(C2dOutcome c2dFailureOutcome) {
        this.c2dFailureOutcome = c2dFailureOutcome;
    }

    public long getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(long pollInterval) {
        this.pollInterval = pollInterval;
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }
}
