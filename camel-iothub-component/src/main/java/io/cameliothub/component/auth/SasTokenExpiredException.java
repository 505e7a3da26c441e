package io.cameliothub.component.auth;

/**
 * A SAS token given by the user has expired and there is no key to mint a new one.
 */
public class SasTokenExpiredException extends IllegalStateException {
    public SasTokenExpiredException(String message) {
        super(message);
    }
}
