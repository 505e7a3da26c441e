package io.cameliothub.component.dsl;

/**
 * Secrets (keys, tokens, connection strings) hold '+', '/' and '=', which an endpoint URI would decode: the builder
 * passes them wrapped in Camel's RAW(), as a hand-written URI must.
 */
final class IotHubRawValue {

    private IotHubRawValue() {
    }

    static String of(String value) {
        if (value == null || value.startsWith("RAW(") || value.startsWith("RAW{")) {
            return value;
        }
        return value.indexOf(')') < 0 ? "RAW(" + value + ")" : "RAW{" + value + "}";
    }
}
