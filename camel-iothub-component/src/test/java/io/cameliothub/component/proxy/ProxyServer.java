package io.cameliothub.component.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real proxy server process for a test: Debian's tinyproxy (HTTP CONNECT, optional Basic authentication) or
 * microsocks (SOCKS5, optional user/password), on a free loopback port. Tests are skipped, with the reason, where the
 * binary is missing (.ci/run installs both).
 */
final class ProxyServer implements AutoCloseable {

    private final List<String> command;
    private final int port;
    private final Path dir;
    private final Path log;
    private Process process;

    private ProxyServer(List<String> command, Process process, int port, Path dir, Path log) {
        this.command = command;
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.log = log;
    }

    static ProxyServer tinyproxy(String user, String password) throws Exception {
        String binary = require("tinyproxy");
        int port = freePort();
        Path dir = Files.createTempDirectory("tinyproxy");
        Path conf = dir.resolve("tinyproxy.conf");
        List<String> lines = new ArrayList<>(List.of("Port " + port, "Listen 127.0.0.1", "Timeout 60", "MaxClients 50",
                "Allow 127.0.0.1", "LogLevel Connect"));
        if (user != null) {
            lines.add("BasicAuth " + user + " " + password);
        }
        Files.write(conf, lines);
        return start(List.of(binary, "-d", "-c", conf.toString()), port, dir);
    }

    static ProxyServer microsocks(String user, String password) throws Exception {
        String binary = require("microsocks");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(binary, "-i", "127.0.0.1", "-p", String.valueOf(port)));
        if (user != null) {
            command.addAll(List.of("-u", user, "-P", password));
        }
        return start(command, port, Files.createTempDirectory("microsocks"));
    }

    private static ProxyServer start(List<String> command, int port, Path dir) throws Exception {
        Path log = dir.resolve("proxy.log");
        return new ProxyServer(command, launch(command, port, log), port, dir, log);
    }

    private static Process launch(List<String> command, int port, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(command.get(0) + " exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return p;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException(command.get(0) + " did not listen on " + port);
    }

    private static String require(String name) {
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return dir + "/" + name;
            }
        }
        Assumptions.abort(name + " is not installed (apt-get install " + (name.equals("tinyproxy") ? "tinyproxy-bin"
                : name) + "; .ci/run does it)");
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    /** What the proxy logged so far. */
    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Kills the proxy process at once (SIGKILL): every tunnel through it drops, as when a proxy crashes. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    /** Starts the proxy again, on the same port and with the same settings. */
    void restart() throws Exception {
        process = launch(command, port, log);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
