package io.cameliothub.component.secrets;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures everything slf4j-simple (the tests' logger) writes, at DEBUG, while open: every existing logger and every
 * new one is turned to DEBUG, and System.err (slf4j-simple's target, looked up per line) goes into a buffer.
 */
public final class LogCapture implements AutoCloseable {

    private static final int DEBUG = 10;

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream originalErr = System.err;
    private final Map<Logger, Integer> originalLevels = new HashMap<>();
    private final Object config;
    private final int originalDefault;

    @SuppressWarnings("unchecked")
    public LogCapture() throws ReflectiveOperationException {
        Class<?> simpleLogger = Class.forName("org.slf4j.simple.SimpleLogger");
        Field configField = simpleLogger.getDeclaredField("CONFIG_PARAMS");
        configField.setAccessible(true);
        config = configField.get(null);
        originalDefault = (int) defaultLevelField().get(config);
        defaultLevelField().set(config, DEBUG);
        Field mapField = LoggerFactory.getILoggerFactory().getClass().getDeclaredField("loggerMap");
        mapField.setAccessible(true);
        Field level = simpleLogger.getDeclaredField("currentLogLevel");
        level.setAccessible(true);
        for (Logger logger : ((ConcurrentMap<String, Logger>) mapField.get(LoggerFactory.getILoggerFactory())).values()) {
            originalLevels.put(logger, (int) level.get(logger));
            level.set(logger, DEBUG);
        }
        System.setErr(new PrintStream(new Sink(buffer), true, StandardCharsets.UTF_8));
    }

    private Field defaultLevelField() throws NoSuchFieldException {
        Field f = config.getClass().getDeclaredField("defaultLogLevel");
        f.setAccessible(true);
        return f;
    }

    public String text() {
        synchronized (buffer) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void close() throws ReflectiveOperationException {
        System.setErr(originalErr);
        defaultLevelField().set(config, originalDefault);
        Field level = Class.forName("org.slf4j.simple.SimpleLogger").getDeclaredField("currentLogLevel");
        level.setAccessible(true);
        Field mapField = LoggerFactory.getILoggerFactory().getClass().getDeclaredField("loggerMap");
        mapField.setAccessible(true);
        for (Logger logger : ((ConcurrentMap<String, Logger>) mapField.get(LoggerFactory.getILoggerFactory())).values()) {
            level.set(logger, originalLevels.getOrDefault(logger, originalDefault)); // loggers made while capturing too
        }
    }

    /** Keeps the captured lines out of the build's output. */
    private static final class Sink extends OutputStream {
        private final ByteArrayOutputStream b;

        Sink(ByteArrayOutputStream b) {
            this.b = b;
        }

        @Override
        public void write(int c) {
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] bytes, int off, int len) {
            synchronized (b) {
                b.write(bytes, off, len);
            }
        }
    }
}
