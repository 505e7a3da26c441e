package io.cameliothub.component;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * The TLS contexts of devices whose certificate comes from files (certificateFile/privateKeyFile or keyStoreFile): one
 * per set of files, shared by the device's producer and consumer, following the files so that a rotated certificate
 * is presented at the next connect. The trust managers come from sslContextParameters when it has some, else from
 * the JVM.
 */
final class IotHubCertificateContexts {

    private final Supplier<Instant> now;
    private final Map<IotHubCertificateFiles, SSLContext> contexts = new HashMap<>();

    IotHubCertificateContexts(Supplier<Instant> now) {
        this.now = now;
    }

    synchronized SSLContext get(IotHubCertificateFiles files, SSLContextParameters trust, CamelContext camel) {
        SSLContext ssl = contexts.get(files);
        if (ssl == null) {
            ssl = new IotHubReloadingSslContext(build(files, trust, camel), files.files(),
                    () -> build(files, trust, camel));
            contexts.put(files, ssl);
        }
        return ssl;
    }

    synchronized void clear() {
        contexts.clear();
    }

    private SSLContext build(IotHubCertificateFiles files, SSLContextParameters parameters, CamelContext camel) {
        TrustManager[] trust = null;
        TrustManagersParameters tm = parameters == null ? null : parameters.getTrustManagers();
        try {
            if (tm != null) {
                tm.setCamelContext(camel);
                if (tm.getKeyStore() != null) {
                    tm.getKeyStore().setCamelContext(camel);
                }
                trust = tm.createTrustManagers();
            }
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("sslContextParameters' trust managers cannot be made: " + e.getMessage(), e);
        }
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(files.keyManagers(now.get()), trust, null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(files.options() + ": no TLS context: " + e.getMessage(), e);
        }
    }
}
