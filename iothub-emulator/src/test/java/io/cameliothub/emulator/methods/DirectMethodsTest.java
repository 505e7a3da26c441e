package io.cameliothub.emulator.methods;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.core.DeviceRegistry;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.HubTimer;
import io.cameliothub.emulator.core.Identity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Direct-method dispatch with a hand-driven timer: offline, waiting for a device, timeouts, late and foreign answers. */
class DirectMethodsTest {

    /** Records scheduled tasks; the test fires them. */
    private static final class ManualTimer implements HubTimer {
        final List<Runnable> tasks = new ArrayList<>();
        final List<Duration> delays = new ArrayList<>();

        @Override
        public Runnable schedule(Duration delay, Runnable task) {
            Runnable[] slot = {task};
            tasks.add(() -> {
                if (slot[0] != null) {
                    slot[0].run();
                }
            });
            delays.add(delay);
            return () -> slot[0] = null;
        }
    }

    private final DeviceRegistry registry = new DeviceRegistry("hub.test", Clock.systemUTC());
    private final ManualTimer timer = new ManualTimer();
    private final DirectMethods methods = new DirectMethods(registry, timer);
    private final Identity device = registry.addDevice("d1").identity();

    private static int code(CompletableFuture<?> f) {
        try {
            f.get();
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return ((HubException) e.getCause()).code();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void offlineWaitingTimeoutAndLateAnswers() throws Exception {
        assertThat(code(methods.invoke(device, "m", null))).isEqualTo(404103);

        CompletableFuture<MethodResponse> waiting = methods.invoke(device, "m", "{\"a\":1}", Duration.ofSeconds(5),
                Duration.ofSeconds(20));
        assertThat(timer.delays).containsExactly(Duration.ofSeconds(20));
        List<MethodRequest> delivered = new ArrayList<>();
        Runnable unsubscribe = methods.subscribe(device, delivered::add);
        assertThat(delivered).hasSize(1);
        timer.tasks.get(0).run();
        assertThat(waiting).as("the connect deadline was cancelled").isNotDone();
        MethodRequest request = delivered.get(0);
        assertThat(methods.respond(Identity.device("other"), request.requestId(), 200, new byte[0])).isFalse();
        assertThat(methods.respond(device, request.requestId(), 200, new byte[0])).isTrue();
        assertThat(waiting.get().payloadJson()).isNull();

        CompletableFuture<MethodResponse> slow = methods.invoke(device, "slow", null, Duration.ofSeconds(5), Duration.ZERO);
        timer.tasks.get(timer.tasks.size() - 1).run();
        assertThat(code(slow)).isEqualTo(504101);
        assertThat(methods.respond(device, delivered.get(1).requestId(), 200, "{}".getBytes(StandardCharsets.UTF_8)))
                .as("late answers are dropped").isFalse();
        assertThat(methods.pendingCount()).isZero();

        unsubscribe.run();
        CompletableFuture<MethodResponse> never = methods.invoke(device, "m", null, Duration.ofSeconds(5),
                Duration.ofSeconds(1));
        timer.tasks.get(timer.tasks.size() - 1).run();
        assertThat(code(never)).isEqualTo(404103);
    }

    @Test
    void badRequestsFailAtOnce() {
        assertThat(code(methods.invoke(device, "", null))).isEqualTo(400004);
        assertThat(code(methods.invoke(device, "x".repeat(101), null))).isEqualTo(400004);
        assertThat(code(methods.invoke(device, "a/b", null))).isEqualTo(400004);
        assertThat(code(methods.invoke(device, "m", "{bad"))).isEqualTo(400004);
        assertThat(code(methods.invoke(device, "m", "\"" + "x".repeat(128 * 1024) + "\""))).isEqualTo(400004);
        assertThat(code(methods.invoke(device, "m", null, Duration.ofSeconds(301), Duration.ZERO))).isEqualTo(400004);
        assertThat(code(methods.invoke(Identity.device("ghost"), "m", null))).isEqualTo(404001);
        assertThat(code(methods.invoke(Identity.module("d1", "ghost"), "m", null))).isEqualTo(404010);
        assertThat(timer.tasks).isEmpty();
    }

    @Test
    void answersThatAreNotJsonBecomeJsonStrings() throws Exception {
        List<MethodRequest> delivered = new ArrayList<>();
        methods.subscribe(device, delivered::add);
        CompletableFuture<MethodResponse> call = methods.invoke(device, "m", "[1]");
        assertThat(delivered.get(0).payloadAsString()).isEqualTo("[1]");
        methods.respond(device, delivered.get(0).requestId(), 500, "oops \"quoted\"".getBytes(StandardCharsets.UTF_8));
        assertThat(call.get().payloadJson()).isEqualTo("\"oops \\\"quoted\\\"\"");
        assertThat(call.get().status()).isEqualTo(500);
    }
}
