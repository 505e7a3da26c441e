package io.cameliothub.component.transport.internal.amqp;

import io.cameliothub.component.auth.SasToken;
import io.cameliothub.component.transport.IotHubException;

/**
 * One device's CBS authentication on a shared connection: a put-token, answered by the hub or timed out. Used for the
 * first authentication and for every renewal in the open connection. Loop thread only.
 */
final class CbsAuth {

    /** The outcome of one put-token. */
    @FunctionalInterface
    interface Outcome {
        /** @param failure null when the hub accepted the token */
        void done(IotHubException failure);
    }

    private final String clientId;
    private final String hostName;

    CbsAuth(String clientId, String hostName) {
        this.clientId = clientId;
        this.hostName = hostName;
    }

    /** Puts the token; the outcome runs exactly once, on the loop. */
    void putToken(AmqpConnection connection, SasToken token, Outcome outcome) {
        connection.loop().assertInLoop();
        CbsClient cbs = connection.cbs();
        if (cbs == null) {
            outcome.done(new IotHubException("The AMQP connection is not open", null, true));
            return;
        }
        boolean[] done = { false };
        AmqpEventLoop.Timer[] timeout = { null };
        String id = cbs.putToken(token.audience(), token.value(), (status, description) -> {
            if (done[0]) {
                return;
            }
            done[0] = true;
            if (timeout[0] != null) {
                timeout[0].cancel();
            }
            outcome.done(failure(status, description));
        });
        timeout[0] = connection.loop().schedule(connection.connectTimeout().toMillis(), () -> {
            if (!done[0]) {
                done[0] = true;
                cbs.forget(id);
                outcome.done(new IotHubException("No answer to the CBS put-token of " + clientId + " within "
                                                 + connection.connectTimeout().toMillis() + " ms", null, true));
            }
        });
        connection.flush();
    }

    private IotHubException failure(int status, String description) {
        if (status == 200 || status == 202) {
            return null;
        }
        boolean refused = status == 400 || status == 401 || status == 403 || status == 404;
        return new IotHubException((refused ? "IoT Hub refused device " : "IoT Hub did not accept the token of ")
                                   + clientId + " on " + hostName + ": CBS put-token answered " + status + " "
                                   + description, String.valueOf(status), !refused);
    }
}
