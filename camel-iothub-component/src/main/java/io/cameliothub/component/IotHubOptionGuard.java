package io.cameliothub.component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedCamelContext;
import org.apache.camel.util.URISupport;

/**
 * Guards the option names of an endpoint URI. Camel masks a URI's secrets by option name only, so a misspelled
 * {@code conectionString=RAW(...;SharedAccessKey=...)} would be printed in full by every error and log line that shows
 * the URI. Before anything else sees the URI, an unknown option whose name is close to a secret option's, or whose value
 * looks like a key, a SAS token or a connection string, is added to the context's additional sensitive keywords, which
 * Camel's URI sanitizer then masks. Unknown options are then refused by name (never by value), with the nearest known
 * option as a hint, instead of failing later with a misleading "hostName is missing".
 */
final class IotHubOptionGuard {

    private static final IotHubEndpointUriFactory URI_FACTORY = new IotHubEndpointUriFactory();
    private static final Pattern BASE64_KEY = Pattern.compile("[A-Za-z0-9+/]{20,}={0,2}");
    private static final List<String> SECRET_WORDS = List.of("key", "token", "password", "secret", "signature",
            "connection", "sas", "credential");

    private IotHubOptionGuard() {
    }

    /** Registers the names of unknown options that may carry a secret as sensitive keywords of the context. */
    static void maskSecretsOfUnknownOptions(CamelContext context, String uri) {
        Map<String, Object> parameters;
        try {
            parameters = URISupport.parseQuery(URISupport.extractQuery(uri), true, true);
        } catch (Exception e) {
            return; // Camel refuses a URI it cannot parse before it prints it
        }
        Set<String> names = new LinkedHashSet<>();
        for (Map.Entry<String, Object> p : parameters.entrySet()) {
            if (!isKnown(p.getKey()) && (nearSecretOption(p.getKey()) || looksSecret(p.getValue()))) {
                names.add(p.getKey());
            }
        }
        if (!names.isEmpty()) {
            addSensitiveKeywords(context.getCamelContextExtension(), names);
        }
    }

    /**
     * Refuses unknown options, naming them and the nearest known option.
     *
     * @throws IllegalArgumentException naming the unknown options, never their values
     */
    static void refuseUnknownOptions(Map<String, Object> parameters) {
        List<String> problems = new ArrayList<>();
        for (String name : parameters.keySet()) {
            if (!isKnown(name)) {
                String nearest = nearestOption(name);
                problems.add("'" + name + "'" + (nearest == null ? "" : " (did you mean " + nearest + "?)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Unknown option" + (problems.size() > 1 ? "s " : " ")
                                               + String.join(", ", problems)
                                               + ": the iothub endpoint's options are listed in its documentation "
                                               + "(docs/iothub-component.adoc)");
        }
    }

    private static boolean isKnown(String name) {
        return URI_FACTORY.propertyNames().stream().anyMatch(known -> known.equalsIgnoreCase(name));
    }

    private static boolean nearSecretOption(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains)
               || URI_FACTORY.secretPropertyNames().stream().anyMatch(secret -> distance(secret, name) <= 3);
    }

    static boolean looksSecret(Object value) {
        if (value == null) {
            return false;
        }
        String text = value.toString().trim();
        if (text.startsWith("RAW(") || text.startsWith("RAW{")) {
            text = text.substring(4, Math.max(4, text.length() - 1));
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.contains("sharedaccesskey=") || lower.contains("sharedaccesssignature") || lower.contains("sig=")
               || BASE64_KEY.matcher(text.replace(' ', '+')).matches();
    }

    private static String nearestOption(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : URI_FACTORY.propertyNames()) {
            int d = distance(known, name);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    private static void addSensitiveKeywords(ExtendedCamelContext extension, Set<String> names) {
        synchronized (IotHubOptionGuard.class) {
            Set<String> keywords = new LinkedHashSet<>();
            String existing = extension.getAdditionalSensitiveKeywords();
            if (existing != null && !existing.isBlank()) {
                for (String k : existing.split(",")) {
                    keywords.add(k.trim());
                }
            }
            for (String name : names) {
                // Camel lower-cases the keywords and joins them into a regular expression: keep only literal characters
                String literal = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", ".");
                if (!literal.replace(".", "").isEmpty()) {
                    keywords.add(literal);
                }
            }
            extension.setAdditionalSensitiveKeywords(String.join(",", keywords));
        }
    }

    /** Levenshtein distance, ignoring case. */
    private static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length()];
    }
}
