package io.cameliothub.examples.springboot.embedded;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.C2dMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Plays the cloud: logs the telemetry the hub accepts, and sends the device one command once the application is up.
 */
public class CloudSide implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger("hub");

    private final IotHubEmulator hub;
    private final String deviceId;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Runnable stopListening;

    CloudSide(IotHubEmulator hub, String deviceId) {
        this.hub = hub;
        this.deviceId = deviceId;
        this.stopListening = hub.events().listen(event -> LOG.info("[hub] received telemetry from {}: {} {}",
                event.deviceId(), event.bodyAsString(), event.applicationProperties()));
    }

    /**
     * Sends the command as soon as the application is up (its routes started before this event), not after a delay: on
     * a loaded machine start-up alone can take most of the demo's run. The hub queues the command until the device
     * subscribes, so it arrives however late the device is.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void sendCommand() {
        timer.execute(() -> {
            LOG.info("[hub] sending a command to {}", deviceId);
            hub.sendC2d(deviceId, C2dMessage.builder().body("open the vents").messageId("cmd-1").property("mode", "auto")
                    .build());
        });
    }

    @Override
    public void destroy() {
        stopListening.run();
        timer.shutdownNow();
    }
}
