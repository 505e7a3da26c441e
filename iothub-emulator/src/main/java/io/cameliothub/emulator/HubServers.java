package io.cameliothub.emulator;

import io.cameliothub.emulator.amqp.AmqpHead;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.https.HttpsHead;
import io.cameliothub.emulator.mqtt.MqttHead;
import io.cameliothub.emulator.service.CloudToDeviceResource;
import io.cameliothub.emulator.service.DeviceResource;
import io.cameliothub.emulator.service.MethodResource;
import io.cameliothub.emulator.service.ModuleResource;
import io.cameliothub.emulator.service.ServiceHead;
import io.cameliothub.emulator.service.ServiceRoutes;
import io.cameliothub.emulator.service.TwinResource;
import io.cameliothub.emulator.tls.TlsMaterial;
import io.cameliothub.emulator.ws.HttpsFrontEnd;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The emulator's listening side: one Vert.x with the MQTT, AMQP and HTTPS (REST + WebSocket) heads around a core. */
final class HubServers {

    private static final int BIND_TIMEOUT_SECONDS = 30;

    final Vertx vertx = Vertx.vertx();
    final MqttHead mqtt;
    final AmqpHead amqp;
    final HttpsFrontEnd https;
    final ServiceRoutes serviceRoutes = new ServiceRoutes();
    private final HubCore core;

    HubServers(HubCore core, TlsMaterial tls) {
        this.core = core;
        this.mqtt = new MqttHead(vertx, core, tls);
        this.amqp = new AmqpHead(vertx, core, tls);
        this.https = new HttpsFrontEnd(vertx, tls);
    }

    /** Binds MQTT, AMQP and HTTPS in turn; the caller closes on failure. */
    void start(String bindAddress, int mqttPort, int amqpPort, int httpsPort) {
        await(mqtt.start(bindAddress, mqttPort), "MQTT port " + mqttPort);
        https.webSocketBridge("mqtt", mqtt.webSocketBridge());
        await(amqp.start(bindAddress, amqpPort), "AMQP port " + amqpPort);
        https.webSocketBridge("AMQPWSB10", amqp.webSocketBridge());
        serviceRoutes.add(new DeviceResource(core)).add(new ModuleResource(core)).add(new TwinResource(core))
                .add(new MethodResource(core))
                .add(new CloudToDeviceResource(core));
        https.requestHandler(new ServiceHead(core, serviceRoutes, new HttpsHead(core)));
        await(https.start(bindAddress, httpsPort), "HTTPS port " + httpsPort);
    }

    /** Closes the three servers, then Vert.x; waits at most {@code timeoutSeconds}. */
    void close(int timeoutSeconds) throws ExecutionException, InterruptedException, TimeoutException {
        Future.join(List.of(mqtt.close(), amqp.close(), https.close())).transform(r -> vertx.close())
                .toCompletionStage().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
    }

    private static void await(Future<?> future, String what) {
        try {
            future.toCompletionStage().toCompletableFuture().get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IotHubEmulator.EmulatorStartException("cannot listen on " + what + ": " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IotHubEmulator.EmulatorStartException("timed out binding " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IotHubEmulator.EmulatorStartException("interrupted binding " + what, e);
        }
    }
}
