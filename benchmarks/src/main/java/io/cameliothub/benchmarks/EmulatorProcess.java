package io.cameliothub.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The emulator in a child JVM ({@link EmulatorHost}), started from this JVM's class path (which holds the emulator)
 * and killed on close: a real hub is not in the client's heap, GC or CPU time. Commands go over the child's stdin.
 */
final class EmulatorProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader answers;
    private final Writer commands;
    private final Path trustStore;
    private final Path caPem;

    EmulatorProcess(Path dir, String heap) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+UseParallelGC");
        String extra = System.getProperty("bench.emulator.jvmArgs", "").trim();
        if (!extra.isEmpty()) { // e.g. GC logging: -Dbench.emulator.jvmArgs=-Xlog:gc:file=emulator-gc.log
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(EmulatorHost.class.getName());
        cmd.add(dir.toString());
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "emulator-process-kill"));
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String[] ready = readAnswer("start").split(" ");
        if (!"ready".equals(ready[0])) {
            close();
            throw new IOException("the emulator process did not start: " + String.join(" ", ready));
        }
        trustStore = Path.of(ready[1]);
        caPem = Path.of(ready[2]);
    }

    Path trustStore() {
        return trustStore;
    }

    Path caPem() {
        return caPem;
    }

    long pid() {
        return process.pid();
    }

    /** Sends one command and returns its answer; an error answer becomes an exception. */
    synchronized String call(String command) {
        send(command);
        return answer(command);
    }

    /** Sends a command without waiting: its answer must be read with {@link #answer} before the next command. */
    synchronized void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new IllegalStateException("emulator process: " + command + " failed: " + e, e);
        }
    }

    /** The answer to the command sent last. */
    synchronized String answer(String command) {
        try {
            return readAnswer(command);
        } catch (IOException e) {
            throw new IllegalStateException("emulator process: " + command + " failed: " + e, e);
        }
    }

    private String readAnswer(String command) throws IOException {
        for (String line = answers.readLine(); line != null; line = answers.readLine()) {
            if (line.startsWith("= ")) {
                return line.substring(2);
            }
            if (line.startsWith("! ")) {
                throw new IllegalStateException("emulator process refused " + command + ": " + line.substring(2));
            }
        }
        throw new IOException("the emulator process exited (code " + exitCode() + ") during " + command);
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    @Override
    public void close() {
        try {
            commands.write("quit\n");
            commands.flush();
            commands.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
