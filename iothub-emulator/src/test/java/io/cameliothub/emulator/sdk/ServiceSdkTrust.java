package io.cameliothub.emulator.sdk;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The official service SDK's REST calls go through {@link HttpsURLConnection}'s default socket factory: this trusts the
 * emulator there for one test class and puts the previous factory back after it. Register it after the hub.
 */
final class ServiceSdkTrust implements BeforeAllCallback, AfterAllCallback {

    private final IotHubEmulatorExtension hub;
    private SSLSocketFactory previous;

    ServiceSdkTrust(IotHubEmulatorExtension hub) {
        this.hub = hub;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        previous = HttpsURLConnection.getDefaultSSLSocketFactory();
        HttpsURLConnection.setDefaultSSLSocketFactory(hub.sslContext().getSocketFactory());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (previous != null) { // null when the class was skipped before beforeAll ran
            HttpsURLConnection.setDefaultSSLSocketFactory(previous);
        }
    }
}
