package io.cameliothub.component.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * How a device proves who it is: a key that mints tokens, a ready token, or an X.509 client certificate.
 */
public sealed interface DeviceCredentials
        permits DeviceCredentials.SymmetricKey, DeviceCredentials.FixedToken, DeviceCredentials.X509 {

    /**
     * A token to present now, or null when the TLS client certificate authenticates the device.
     *
     * @throws SasTokenExpiredException when a given token has expired and nothing can renew it
     */
    SasToken token(Instant now);

    /** Whether a fresh token can be minted when the current one nears expiry. */
    boolean isRenewable();

    /** Mints tokens for one resource URI from a key; each token lives for the configured time to live. */
    record SymmetricKey(SasTokenSigner signer, String resourceUri, Duration timeToLive) implements DeviceCredentials {
        @Override
        public SasToken token(Instant now) {
            return signer.sign(resourceUri, now.plus(timeToLive));
        }

        @Override
        public boolean isRenewable() {
            return true;
        }
    }

    /** A token the user gave; used as is until it expires. */
    record FixedToken(SasToken sasToken, String identity) implements DeviceCredentials {
        @Override
        public SasToken token(Instant now) {
            if (sasToken.isExpiredAt(now)) {
                throw new SasTokenExpiredException("The sasToken given for " + identity + " expired at "
                                                   + sasToken.expiry() + " and cannot be renewed: configure a new token "
                                                   + "or a sharedAccessKey");
            }
            return sasToken;
        }

        @Override
        public boolean isRenewable() {
            return false;
        }
    }

    /** The device authenticates with the client certificate in its TLS settings. */
    record X509() implements DeviceCredentials {
        @Override
        public SasToken token(Instant now) {
            return null;
        }

        @Override
        public boolean isRenewable() {
            return true;
        }
    }
}
