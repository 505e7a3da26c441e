package io.cameliothub.emulator.mqtt;

import io.cameliothub.emulator.core.AuthResult;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.Identity;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The checks IoT Hub makes on an MQTT CONNECT, in its order: protocol level, availability, client id, credentials
 * (SAS token in the password or a client certificate), user name. Either {@link #auth()} or {@link #refusal()}.
 */
final class MqttConnectCheck {

    private final AuthResult auth;
    private final MqttConnectReturnCode code;
    private final String why;

    private MqttConnectCheck(AuthResult auth, MqttConnectReturnCode code, String why) {
        this.auth = auth;
        this.code = code;
        this.why = why;
    }

    static MqttConnectCheck of(HubCore core, MqttEndpoint endpoint, List<X509Certificate> clientCertificates) {
        if (endpoint.protocolVersion() != 4) {
            return refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                    "MQTT 3.1.1 required");
        }
        if (core.faults().refusingConnections()) {
            return refuse(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "refusing connections (fault)");
        }
        Identity claimed = MqttTopics.clientIdentity(endpoint.clientIdentifier());
        if (claimed == null) {
            return refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                    "client id is not {device}[/{module}]");
        }
        // Vert.x exposes the user name only together with a password: a password-less (X.509) CONNECT shows neither,
        // so its user name goes unchecked
        MqttAuth credentials = endpoint.auth();
        boolean x509 = credentials == null && !clientCertificates.isEmpty();
        if (credentials == null && !x509) {
            return refuse(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                    "no user name and SAS token password, nor a client certificate");
        }
        String usernameProblem = x509 ? null : MqttUsername.check(credentials.getUsername(), core.hostName(),
                endpoint.clientIdentifier());
        if (usernameProblem != null) {
            return refuse(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, usernameProblem);
        }
        try {
            return new MqttConnectCheck(x509 ? core.authenticate(clientCertificates, claimed)
                    : core.authenticate(credentials.getPassword(), claimed), null, null);
        } catch (HubException e) {
            return refuse(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, e.getMessage());
        }
    }

    private static MqttConnectCheck refuse(MqttConnectReturnCode code, String why) {
        return new MqttConnectCheck(null, code, why);
    }

    /** The authenticated identity and token expiry; null when refused. */
    AuthResult auth() {
        return auth;
    }

    /** The CONNACK code to refuse with; null when accepted. */
    MqttConnectReturnCode refusal() {
        return code;
    }

    String why() {
        return why;
    }
}
