package io.cameliothub.component.transport.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Error helpers shared by the session core and every wire.
 */
public final class Errors {

    private Errors() {
    }

    /** The failure inside the wrappers CompletableFuture adds. */
    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * A one-line description: the message and its cause's message, or the type when there is none. What a peer sent
     * can be quoted in a message (e.g. "Invalid status line: ..." from the JDK's HTTP client), so control characters
     * are replaced and each message is cut at {@value #MAX_QUOTED} characters.
     */
    public static String describe(Throwable e) {
        if (e == null) {
            return "unknown cause";
        }
        String message = printable(e.getMessage());
        Throwable cause = e.getCause() == null ? null : unwrap(e.getCause());
        String causeMessage = cause == null || cause == e ? null : printable(cause.getMessage());
        // a wrapper often quotes its cause already, perhaps cut: compare the beginning
        if (causeMessage != null && (message == null
                                     || !message.contains(causeMessage.substring(0, Math.min(60, causeMessage.length()))))) {
            message = (message == null ? "" : message + ": ") + causeMessage;
        }
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** The innermost cause's message, or its type when it has none. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : printable(t.getMessage());
    }

    private static final int MAX_QUOTED = 200;

    /** The text with control characters as '?', cut at {@value #MAX_QUOTED} characters; null stays null. */
    public static String printable(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_QUOTED + 20));
        for (int i = 0; i < text.length() && out.length() < MAX_QUOTED; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || Character.getType(c) == Character.UNASSIGNED ? '?' : c);
        }
        return text.length() > MAX_QUOTED ? out + "... (" + text.length() + " characters)" : out.toString();
    }
}
