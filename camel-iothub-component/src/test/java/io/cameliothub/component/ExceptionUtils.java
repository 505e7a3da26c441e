package io.cameliothub.component;

final class ExceptionUtils {

    private ExceptionUtils() {
    }

    static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** Every message and class name in the cause chain, as a log line would show them. */
    static String allMessages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
    }
}
