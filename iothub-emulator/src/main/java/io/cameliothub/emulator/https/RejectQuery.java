package io.cameliothub.emulator.https;

import io.cameliothub.emulator.core.Urls;
import java.util.Locale;

/**
 * Whether a settle DELETE asks for reject. Read tolerantly: {@code reject} (Node, C), {@code reject=true}, and the Java
 * SDK's {@code %3Freject=true} (it URL-encodes a parameter named {@code ?reject}). {@code reject=false} completes.
 */
final class RejectQuery {

    private RejectQuery() {
    }

    static boolean isReject(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq)).trim();
            while (name.startsWith("?")) {
                name = name.substring(1);
            }
            if (!name.equalsIgnoreCase("reject")) {
                continue;
            }
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1)).trim().toLowerCase(Locale.ROOT);
            return !value.equals("false") && !value.equals("0");
        }
        return false;
    }

    private static String decode(String s) {
        try {
            return Urls.decode(s);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
