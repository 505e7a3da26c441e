package io.cameliothub.benchmarks;

import java.time.Instant;

import io.cameliothub.component.auth.ConnectionString;
import io.cameliothub.component.auth.SasTokenSigner;

/**
 * Tokens for the baselines that speak MQTT themselves (raw Paho, camel-paho).
 */
final class SasTokens {

    private SasTokens() {
    }

    static String forDevice(String connectionString) {
        ConnectionString cs = ConnectionString.parse(connectionString);
        return new SasTokenSigner(cs.sharedAccessKey(), null)
                .sign(SasTokenSigner.resourceUri(cs.hostName(), cs.deviceId(), null), Instant.now().plusSeconds(3600))
                .value();
    }

    static String userName(String deviceId) {
        return Hub.HOST + "/" + deviceId + "/?api-version=2021-04-12";
    }
}
