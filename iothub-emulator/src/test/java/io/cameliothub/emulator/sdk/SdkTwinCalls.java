package io.cameliothub.emulator.sdk;

import com.microsoft.azure.sdk.iot.device.InternalClient;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.transport.IotHubTransportMessage;
import com.microsoft.azure.sdk.iot.device.twin.GetTwinCorrelatingMessageCallback;
import com.microsoft.azure.sdk.iot.device.twin.ReportedPropertiesUpdateCorrelatingMessageCallback;
import com.microsoft.azure.sdk.iot.device.twin.ReportedPropertiesUpdateResponse;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The device SDK's getTwin and updateReportedProperties through their correlating async variants. The SDK 2.5.0's
 * blocking variants lose a response now and then on a loaded machine: its receive thread removes the request's
 * correlation entry (from a thread it starts) while the MQTT/AMQP callback thread is still about to look it up, so
 * onResponseReceived never fires and the call times out after 60 s. onResponseAcknowledged runs on the receive thread
 * before that removal, so taking whichever of the two comes first is reliable; both carry the hub's response.
 */
final class SdkTwinCalls {

    private SdkTwinCalls() {
    }

    /** A twin operation answered with a non-success status. */
    static final class StatusException extends RuntimeException {
        final IotHubStatusCode status;

        StatusException(IotHubStatusCode status) {
            super("twin operation answered with " + status);
            this.status = status;
        }
    }

    static Twin getTwin(InternalClient client) throws Exception {
        CompletableFuture<Twin> result = new CompletableFuture<>();
        client.getTwinAsync(new GetTwinCorrelatingMessageCallback() {
            @Override
            public void onRequestQueued(Message message, Object context) {
            }

            @Override
            public void onRequestSent(Message message, Object context) {
            }

            @Override
            public void onRequestAcknowledged(Message message, Object context, IotHubClientException e) {
                if (e != null) {
                    result.completeExceptionally(e);
                }
            }

            @Override
            public void onResponseReceived(Twin twin, Message message, Object context, IotHubStatusCode status,
                                           IotHubClientException e) {
                onResponseAcknowledged(message, context);
            }

            @Override
            public void onResponseAcknowledged(Message message, Object context) {
                IotHubStatusCode status = status(message);
                if (status == IotHubStatusCode.OK) {
                    result.complete(Twin.createFromPropertiesJson(new String(message.getBytes(), StandardCharsets.UTF_8)));
                } else {
                    result.completeExceptionally(new StatusException(status));
                }
            }
        }, null);
        return await(result);
    }

    /** @return the new reported version; @throws StatusException when the hub refused the patch */
    static int updateReported(InternalClient client, TwinCollection reported) throws Exception {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        client.updateReportedPropertiesAsync(reported, new ReportedPropertiesUpdateCorrelatingMessageCallback() {
            @Override
            public void onRequestQueued(Message message, Object context) {
            }

            @Override
            public void onRequestSent(Message message, Object context) {
            }

            @Override
            public void onRequestAcknowledged(Message message, Object context, IotHubClientException e) {
                if (e != null) {
                    result.completeExceptionally(e);
                }
            }

            @Override
            public void onResponseReceived(Message message, Object context, IotHubStatusCode status,
                                           ReportedPropertiesUpdateResponse response, IotHubClientException e) {
                onResponseAcknowledged(message, context);
            }

            @Override
            public void onResponseAcknowledged(Message message, Object context) {
                IotHubStatusCode status = status(message);
                if (IotHubStatusCode.isSuccessful(status)) {
                    result.complete(((IotHubTransportMessage) message).getVersion());
                } else {
                    result.completeExceptionally(new StatusException(status));
                }
            }
        }, null);
        return await(result);
    }

    private static IotHubStatusCode status(Message message) {
        return IotHubStatusCode.getIotHubStatusCode(Integer.parseInt(((IotHubTransportMessage) message).getStatus()));
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
