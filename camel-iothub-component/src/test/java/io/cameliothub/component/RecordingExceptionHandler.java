package io.cameliothub.component;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;

/** A consumer's {@code exceptionHandler} that keeps every exception it is given, for a test to read. */
public final class RecordingExceptionHandler implements ExceptionHandler {

    private final BlockingQueue<Throwable> handled = new LinkedBlockingQueue<>();

    public BlockingQueue<Throwable> handled() {
        return handled;
    }

    @Override
    public void handleException(Throwable exception) {
        handled.add(exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handled.add(exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        handled.add(exception);
    }
}
