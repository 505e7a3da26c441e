package io.cameliothub.component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TLS context that follows key files (a key store, or PEM certificate and key): every connection the transports open
 * asks it for a socket factory or an engine, and it first checks whether a file changed (modification time or size);
 * if so it builds a fresh context from them. A rotated device certificate is thus presented at the next connect or reconnect, with no route restart. A
 * file that cannot be read (half written, wrong password) keeps the previous context and is logged without secrets.
 * The fresh context also has an empty session cache, so no TLS session of the old certificate is resumed.
 */
final class IotHubReloadingSslContext extends SSLContext {

    private static final Logger LOG = LoggerFactory.getLogger(IotHubReloadingSslContext.class);

    IotHubReloadingSslContext(SSLContext initial, List<Path> files, Callable<SSLContext> rebuild) {
        this(new Spi(initial, files, rebuild));
    }

    private IotHubReloadingSslContext(Spi spi) {
        super(spi, spi.current.getProvider(), spi.current.getProtocol());
    }

    private static final class Spi extends SSLContextSpi {

        private final List<Path> files;
        private final Callable<SSLContext> rebuild;
        private volatile SSLContext current;
        private volatile Object stamp;

        Spi(SSLContext initial, List<Path> files, Callable<SSLContext> rebuild) {
            this.current = Objects.requireNonNull(initial);
            this.files = List.copyOf(files);
            this.rebuild = rebuild;
            this.stamp = stamp();
        }

        private Object stamp() {
            StringBuilder stamp = new StringBuilder();
            for (Path file : files) {
                try {
                    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                    stamp.append(a.lastModifiedTime().toMillis()).append('/').append(a.size()).append(';');
                } catch (IOException e) {
                    return null;
                }
            }
            return stamp.toString();
        }

        private synchronized SSLContext current() {
            Object now = stamp();
            if (now != null && !now.equals(stamp)) {
                try {
                    current = rebuild.call();
                    stamp = now;
                    LOG.info("{} changed: the next connections present the new certificate", describe());
                } catch (Exception e) {
                    // message only: never the password
                    LOG.warn("{} changed but cannot be loaded ({}); keeping the previous certificate",
                            describe(), e.getMessage());
                }
            }
            return current;
        }

        private String describe() {
            return files.size() == 1 ? "Key store " + files.get(0) : "Certificate files " + files;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("already initialised from sslContextParameters");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return current().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return current().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return current().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return current().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return current().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return current().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return current().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return current().getSupportedSSLParameters();
        }
    }
}
