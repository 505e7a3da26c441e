package io.cameliothub.emulator.core;

/** IoT Hub error codes the emulator produces (learn.microsoft.com/rest/api/iothub/common-error-codes). */
public enum IotHubError {
    ARGUMENT_INVALID(400, 400004, "ArgumentInvalid"),
    IOTHUB_FORMAT_ERROR(400, 400006, "IotHubFormatError"),
    UNAUTHORIZED_ACCESS(401, 401002, "IotHubUnauthorizedAccess"),
    UNAUTHORIZED(401, 401003, "IotHubUnauthorized"),
    QUOTA_EXCEEDED(403, 403002, "IotHubQuotaExceeded"),
    DEVICE_MAXIMUM_QUEUE_DEPTH_EXCEEDED(403, 403004, "DeviceMaximumQueueDepthExceeded"),
    DEVICE_NOT_FOUND(404, 404001, "DeviceNotFound"),
    MODULE_NOT_FOUND(404, 404010, "ModuleNotFound"),
    DEVICE_ALREADY_EXISTS(409, 409001, "DeviceAlreadyExists"),
    MODULE_ALREADY_EXISTS(409, 409301, "ModuleAlreadyExistsOnDevice"),
    LINK_CREATION_CONFLICT(409, 409002, "LinkCreationConflict"),
    PRECONDITION_FAILED(412, 412001, "PreconditionFailed"),
    DEVICE_MESSAGE_LOCK_LOST(412, 412002, "DeviceMessageLockLost"),
    MESSAGE_TOO_LARGE(413, 413001, "MessageTooLarge"),
    THROTTLING_EXCEPTION(429, 429001, "ThrottlingException"),
    THROTTLE_BACKLOG_LIMIT_EXCEEDED(429, 429002, "ThrottleBacklogLimitExceeded"),
    SERVER_ERROR(500, 500001, "ServerError"),
    SERVICE_UNAVAILABLE(503, 503001, "ServiceUnavailable");

    private final int status;
    private final int code;
    private final String errorName;

    IotHubError(int status, int code, String errorName) {
        this.status = status;
        this.code = code;
        this.errorName = errorName;
    }

    /** HTTP status, e.g. 403. */
    public int status() {
        return status;
    }

    /** Six-digit IoT Hub error code, e.g. 403004. */
    public int code() {
        return code;
    }

    public String errorName() {
        return errorName;
    }
}
