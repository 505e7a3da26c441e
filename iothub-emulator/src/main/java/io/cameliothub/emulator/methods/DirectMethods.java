package io.cameliothub.emulator.methods;

import io.cameliothub.emulator.core.DeviceRegistry;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.HubTimer;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.IotHubError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Direct-method dispatch: an invocation goes to the device head that subscribed the identity to methods and completes
 * with the device's answer. When nobody is subscribed, the call waits up to its connect timeout for a subscription
 * (0: the device must be online now), then fails with 404103 DeviceNotOnline; a call sent but not answered within its
 * response timeout fails with 504 GatewayTimeout, and a late answer is dropped. No thread per call: the deadlines are
 * on the hub's timer. Thread-safe.
 */
public final class DirectMethods {

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_PAYLOAD = 128 * 1024;
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(300);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    private final DeviceRegistry registry;
    private final HubTimer timer;
    private final Map<Identity, MethodTarget> targets = new HashMap<>();
    private final Map<Identity, List<Call>> waiting = new HashMap<>();
    private final Map<String, Call> pending = new HashMap<>();

    private static final class Call {
        final MethodRequest request;
        final Duration responseTimeout;
        final CompletableFuture<MethodResponse> future = new CompletableFuture<>();
        Runnable cancelTimer = () -> { };

        Call(MethodRequest request, Duration responseTimeout) {
            this.request = request;
            this.responseTimeout = responseTimeout;
        }
    }

    public DirectMethods(DeviceRegistry registry, HubTimer timer) {
        this.registry = registry;
        this.timer = timer;
    }

    /**
     * Invokes {@code methodName} on the identity.
     *
     * @param payloadJson JSON text, or null for no payload
     * @param responseTimeout how long the device has to answer once the request is sent (up to 300 s)
     * @param connectTimeout how long to wait for the device to come online and subscribe (0 to 300 s)
     * @return a future of the device's answer, failed with a {@link HubException}: 400004 bad name, payload or timeout,
     *         404001 / 404010 unknown identity, 404103 not online, 504101 no answer in time
     */
    public CompletableFuture<MethodResponse> invoke(Identity identity, String methodName, String payloadJson,
                                                    Duration responseTimeout, Duration connectTimeout) {
        Call call;
        try {
            call = new Call(new MethodRequest(identity, UUID.randomUUID().toString(), checkName(methodName),
                    checkPayload(payloadJson)), checkTimeout(responseTimeout, "responseTimeout", false));
            checkTimeout(connectTimeout, "connectTimeout", true);
            checkIdentity(identity);
        } catch (HubException e) {
            return CompletableFuture.failedFuture(e);
        }
        MethodTarget target;
        synchronized (this) {
            target = targets.get(identity);
            if (target == null) {
                if (connectTimeout.isZero()) {
                    return CompletableFuture.failedFuture(notOnline(identity));
                }
                waiting.computeIfAbsent(identity, k -> new ArrayList<>()).add(call);
                call.cancelTimer = timer.schedule(connectTimeout, () -> connectTimedOut(call));
                return call.future;
            }
            send(call);
        }
        target.deliver(call.request);
        return call.future;
    }

    /** Invocation with IoT Hub's defaults: 30 s to answer, the device must be online now. */
    public CompletableFuture<MethodResponse> invoke(Identity identity, String methodName, String payloadJson) {
        return invoke(identity, methodName, payloadJson, DEFAULT_RESPONSE_TIMEOUT, Duration.ZERO);
    }

    /**
     * A device head's connection takes the identity's method requests until the returned action runs (a newer
     * subscription replaces it). Calls waiting for the device to come online are sent to it now.
     */
    public Runnable subscribe(Identity identity, MethodTarget target) {
        List<Call> ready;
        synchronized (this) {
            targets.put(identity, target);
            ready = waiting.remove(identity);
            if (ready != null) {
                for (Call call : ready) {
                    call.cancelTimer.run();
                    send(call);
                }
            }
        }
        if (ready != null) {
            ready.forEach(c -> target.deliver(c.request));
        }
        return () -> {
            synchronized (this) {
                targets.remove(identity, target);
            }
        };
    }

    public synchronized boolean isSubscribed(Identity identity) {
        return targets.containsKey(identity);
    }

    /**
     * A device's answer to request {@code requestId}. An empty body becomes a {@code null} payload and a body that is
     * not JSON a JSON string. @return false when no call of this identity waits for that id (unknown, late, foreign)
     */
    public boolean respond(Identity responder, String requestId, int status, byte[] body) {
        Call call;
        synchronized (this) {
            call = pending.get(requestId);
            if (call == null || !call.request.identity().equals(responder)) {
                return false;
            }
            pending.remove(requestId);
        }
        call.cancelTimer.run();
        if (body != null && body.length > MAX_PAYLOAD) {
            call.future.completeExceptionally(new HubException(IotHubError.MESSAGE_TOO_LARGE, "the device's response to "
                    + call.request.methodName() + " is " + body.length + " bytes; IoT Hub allows " + MAX_PAYLOAD));
            return true;
        }
        call.future.complete(new MethodResponse(status, payloadJson(body)));
        return true;
    }

    /** Calls sent to devices and not yet answered. */
    public synchronized int pendingCount() {
        return pending.size();
    }

    private void send(Call call) {
        pending.put(call.request.requestId(), call);
        call.cancelTimer = timer.schedule(call.responseTimeout, () -> responseTimedOut(call));
    }

    private void responseTimedOut(Call call) {
        synchronized (this) {
            if (!pending.remove(call.request.requestId(), call)) {
                return;
            }
        }
        call.future.completeExceptionally(new HubException(IotHubError.GATEWAY_TIMEOUT, "Timed out waiting for the "
                + "response from device " + call.request.identity() + " to " + call.request.methodName() + " ("
                + call.responseTimeout.toSeconds() + " s)"));
    }

    private void connectTimedOut(Call call) {
        synchronized (this) {
            List<Call> list = waiting.get(call.request.identity());
            if (list == null || !list.remove(call)) {
                return;
            }
            if (list.isEmpty()) {
                waiting.remove(call.request.identity());
            }
        }
        call.future.completeExceptionally(notOnline(call.request.identity()));
    }

    private static HubException notOnline(Identity identity) {
        return new HubException(IotHubError.DEVICE_NOT_ONLINE, "Timed out waiting for device to connect. (" + identity
                + " is not connected and subscribed to direct methods)");
    }

    private void checkIdentity(Identity identity) {
        if (identity.isModule() && registry.module(identity.deviceId(), identity.moduleId()).isEmpty()) {
            throw new HubException(registry.device(identity.deviceId()).isPresent() ? IotHubError.MODULE_NOT_FOUND
                    : IotHubError.DEVICE_NOT_FOUND, identity + " not found");
        }
        if (!identity.isModule() && registry.device(identity.deviceId()).isEmpty()) {
            throw new HubException(IotHubError.DEVICE_NOT_FOUND, identity + " not found");
        }
    }

    static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "methodName is required");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "methodName is longer than " + MAX_NAME_LENGTH
                    + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '+' || c == '&' || Character.isISOControl(c)) {
                throw new HubException(IotHubError.ARGUMENT_INVALID, "methodName must not contain '/', '?', '#', '+', "
                        + "'&' or control characters");
            }
        }
        return name;
    }

    private static byte[] checkPayload(String json) {
        if (json == null) {
            return new byte[0];
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PAYLOAD) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "payload is " + bytes.length + " bytes; IoT Hub allows "
                    + MAX_PAYLOAD);
        }
        try {
            Json.decodeValue(json);
        } catch (DecodeException e) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "payload is not valid JSON");
        }
        return bytes;
    }

    private static Duration checkTimeout(Duration timeout, String name, boolean zeroAllowed) {
        if (timeout == null || timeout.isNegative() || !zeroAllowed && timeout.isZero()
                || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, name + " must be " + (zeroAllowed ? "0" : "above 0")
                    + " to " + MAX_TIMEOUT.toSeconds() + " s, was " + timeout);
        }
        return timeout;
    }

    private static String payloadJson(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return null;
        }
        try {
            Json.decodeValue(text);
            return text;
        } catch (DecodeException e) {
            return Json.encode(text);
        }
    }
}
