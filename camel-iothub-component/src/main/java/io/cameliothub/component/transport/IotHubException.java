package io.cameliothub.component.transport;

/**
 * IoT Hub refused something, or the link to it failed. Carries IoT Hub's error code where the wire gives one (e.g.
 * 401003, 403004, 413001, 429001, or an AMQP condition such as amqp:unauthorized-access) and whether trying again can
 * help.
 */
public class IotHubException extends RuntimeException {

    private final String errorCode;
    private final boolean retryable;

    public IotHubException(String message, String errorCode, boolean retryable, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.retryable = retryable;
    }

    public IotHubException(String message, String errorCode, boolean retryable) {
        this(message, errorCode, retryable, null);
    }

    /** IoT Hub's error code or AMQP error condition, or null when the wire gave none. */
    public String getErrorCode() {
        return errorCode;
    }

    /** Whether sending again (or reconnecting) can succeed. */
    public boolean isRetryable() {
        return retryable;
    }
}
