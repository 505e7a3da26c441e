package io.cameliothub.component.transport.internal;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLContext;

import io.cameliothub.component.transport.internal.proxy.ProxiedHttpClients;
import io.cameliothub.component.transport.internal.proxy.ProxySettings;

/**
 * One JDK HTTP client (and its selector thread) per TLS context and proxy, shared by every HTTPS device and every
 * AMQP-over-WebSocket connection that uses it, and released when the component stops: a client per device, or one
 * kept for ever, leaks a thread each.
 */
public final class HttpClients {

    private record Key(SSLContext sslContext, ProxySettings proxy, Duration connectTimeout) {
    }

    private final Map<Key, HttpClient> clients = new HashMap<>();

    /**
     * @param proxy    the HTTP proxy to tunnel through, or null
     * @param executor runs the client's response handling (the JDK's default would start threads of its own)
     */
    public synchronized HttpClient get(SSLContext sslContext, ProxySettings proxy, Duration connectTimeout,
                                       Executor executor) {
        return clients.computeIfAbsent(new Key(sslContext, proxy, connectTimeout), k -> ProxiedHttpClients.through(
                        HttpClient.newBuilder(), k.proxy())
                .executor(executor)
                .sslContext(k.sslContext())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(k.connectTimeout())
                .build());
    }

    /** Lets go of every client: their selector threads end once their last connection closes. */
    public void closeAll() {
        Map<Key, HttpClient> all;
        synchronized (this) {
            all = new HashMap<>(clients);
            clients.clear();
        }
        all.values().forEach(HttpClients::shutdown);
    }

    private static void shutdown(HttpClient client) {
        // HttpClient is AutoCloseable from Java 21; on 17 dropping the reference lets its selector thread end
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // nothing left to do
            }
        }
    }

    public synchronized int size() {
        return clients.size();
    }
}
