package io.cameliothub.component.transport;

/**
 * IoT Hub answered an HTTPS request with an error status: carries the HTTP status besides IoT Hub's error code.
 */
public class HttpsHubException extends IotHubException {

    private final int statusCode;

    public HttpsHubException(String message, int statusCode, String errorCode, boolean retryable) {
        super(message, errorCode, retryable);
        this.statusCode = statusCode;
    }

    /** The HTTP status, e.g. 401, 412 or 429. */
    public int getStatusCode() {
        return statusCode;
    }
}
