package io.cameliothub.emulator.https;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSocket;

/** A hand-driven TLS connection to the HTTPS port, for traffic no HTTP client would send. */
final class RawHttps implements AutoCloseable {

    final SSLSocket socket;
    final OutputStream out;
    final InputStream in;

    RawHttps(IotHubEmulatorExtension hub) throws IOException {
        socket = (SSLSocket) hub.sslContext().getSocketFactory().createSocket("127.0.0.1", hub.httpsPort());
        socket.setSoTimeout(20_000); // a loaded CI machine can take seconds for a handshake
        socket.startHandshake();
        socket.setSoTimeout(5000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    RawHttps write(String ascii) throws IOException {
        return write(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    RawHttps write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Everything the hub sends until it closes the connection (or {@code timeoutMs} of silence). */
    String readAll(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            got.write("<still open>".getBytes(StandardCharsets.US_ASCII));
        } catch (SocketException e) {
            got.write(("<reset: " + e.getMessage() + ">").getBytes(StandardCharsets.US_ASCII));
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    /** Whether the hub closed the connection within {@code timeoutMs} (EOF or reset; data before it is ignored). */
    boolean closedWithin(int timeoutMs) throws IOException {
        return !readAll(timeoutMs).endsWith("<still open>");
    }

    /** Reads in the background, so a writer can keep writing while the hub answers early. */
    CompletableFuture<String> readInBackground(int timeoutMs) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return readAll(timeoutMs);
            } catch (IOException e) {
                return "<" + e + ">";
            }
        });
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // best effort
        }
    }
}
