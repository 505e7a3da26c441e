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
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The emulator's listening side: one Vert.x with {@code eventLoops} event loops and the MQTT, AMQP and HTTPS (REST +
 * WebSocket) heads around a core. Every port is listened on once per event loop (a {@link Listeners} verticle
 * instance each), so Vert.x spreads accepted connections over the loops; a connection stays on the loop that accepted
 * it, and whatever reaches it from elsewhere (C2D, twin and method deliveries, closes) hops onto its context.
 */
final class HubServers {

    private static final int BIND_TIMEOUT_SECONDS = 30;

    final Vertx vertx;
    final MqttHead mqtt;
    final AmqpHead amqp;
    final HttpsFrontEnd https;
    final ServiceRoutes serviceRoutes = new ServiceRoutes();
    private final HubCore core;
    private final int eventLoops;

    HubServers(HubCore core, TlsMaterial tls, int eventLoops) {
        this.core = core;
        this.eventLoops = eventLoops;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        this.mqtt = new MqttHead(vertx, core, tls);
        this.amqp = new AmqpHead(vertx, core, tls);
        this.https = new HttpsFrontEnd(vertx, tls);
    }

    /** Binds MQTT and AMQP on every loop, then HTTPS (whose WebSocket bridges need their ports); the caller closes on failure. */
    void start(String bindAddress, int mqttPort, int amqpPort, int httpsPort) {
        await(onEachLoop(() -> named(mqtt.listen(bindAddress, mqttPort), "MQTT port " + mqttPort)
                .compose(v -> named(amqp.listen(bindAddress, amqpPort), "AMQP port " + amqpPort))));
        https.webSocketBridge("mqtt", mqtt.webSocketBridge());
        https.webSocketBridge("AMQPWSB10", amqp.webSocketBridge());
        serviceRoutes.add(new DeviceResource(core)).add(new ModuleResource(core)).add(new TwinResource(core))
                .add(new MethodResource(core))
                .add(new CloudToDeviceResource(core));
        https.requestHandler(new ServiceHead(core, serviceRoutes, new HttpsHead(core)));
        await(onEachLoop(() -> named(https.listen(bindAddress, httpsPort), "HTTPS port " + httpsPort)));
    }

    /** Closes the servers, then Vert.x; waits at most {@code timeoutSeconds}. */
    void close(int timeoutSeconds) throws ExecutionException, InterruptedException, TimeoutException {
        Future.join(List.of(mqtt.close(), amqp.close(), https.close())).transform(r -> vertx.close())
                .toCompletionStage().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
    }

    /** Runs {@code bind} in {@code eventLoops} verticle instances: each on its own event-loop context. */
    private Future<?> onEachLoop(Supplier<Future<?>> bind) {
        return vertx.deployVerticle(() -> new Listeners(bind), new DeploymentOptions().setInstances(eventLoops));
    }

    private static Future<?> named(Future<?> listening, String what) {
        return listening.recover(e -> Future.failedFuture(new BindFailure(what, e)));
    }

    private static void await(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String what = cause instanceof BindFailure b ? b.what : "a port";
            Throwable why = cause instanceof BindFailure b ? b.getCause() : cause;
            throw new IotHubEmulator.EmulatorStartException("cannot listen on " + what + ": " + why, why);
        } catch (TimeoutException e) {
            throw new IotHubEmulator.EmulatorStartException("timed out binding the hub's ports", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IotHubEmulator.EmulatorStartException("interrupted binding the hub's ports", e);
        }
    }

    /** One event loop's share of the listeners: what {@code bind} creates in {@code start} is served on its context. */
    private static final class Listeners extends io.vertx.core.VerticleBase {
        private final Supplier<Future<?>> bind;

        Listeners(Supplier<Future<?>> bind) {
            this.bind = bind;
        }

        @Override
        public Future<?> start() {
            return bind.get();
        }
    }

    /** A listen failure with the port it concerns, for the start exception's message. */
    private static final class BindFailure extends RuntimeException {
        final String what;

        BindFailure(String what, Throwable cause) {
            super(what, cause, false, false);
            this.what = what;
        }
    }
}
