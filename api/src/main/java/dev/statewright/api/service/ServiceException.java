package dev.statewright.api.service;

/**
 * An error the API reports to its caller, named as AWS names it ({@code InvalidArn},
 * {@code ExecutionDoesNotExist}, ...), with the HTTP status AWS uses.
 */
public final class ServiceException extends RuntimeException {
    private final String type;
    private final int httpStatus;

    public ServiceException(String type, String message) {
        this(type, message, 400);
    }

    public ServiceException(String type, String message, int httpStatus) {
        super(message);
        this.type = type;
        this.httpStatus = httpStatus;
    }

    public String type() {
        return type;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static ServiceException validation(String message) {
        return new ServiceException("ValidationException", message);
    }
}
