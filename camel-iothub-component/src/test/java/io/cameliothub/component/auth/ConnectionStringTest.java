package io.cameliothub.component.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionStringTest {

    private static final String KEY = "Y2FtZWwtaW90aHViLXRlc3Qta2V5LTAxMjM0NTY3ODk=";

    @Test
    void readsEveryKnownKeyCaseInsensitively() {
        ConnectionString cs = ConnectionString.parse("hostname=hub.iothub.test;DEVICEID=device-1;ModuleId=module-a;"
                                                     + "sharedAccessKey=" + KEY + ";SharedAccessKeyName=device;"
                                                     + "GatewayHostName=edge.iothub.test");

        assertThat(cs.hostName()).isEqualTo("hub.iothub.test");
        assertThat(cs.deviceId()).isEqualTo("device-1");
        assertThat(cs.moduleId()).isEqualTo("module-a");
        assertThat(cs.sharedAccessKey()).isEqualTo(KEY);
        assertThat(cs.sharedAccessKeyName()).isEqualTo("device");
        assertThat(cs.gatewayHostName()).isEqualTo("edge.iothub.test");
        assertThat(cs.isX509()).isFalse();
    }

    @Test
    void keepsEqualsSignsInsideValues() {
        String token = "SharedAccessSignature sr=hub.iothub.test%2Fdevices%2Fd1&sig=abc%3D&se=1893456000";
        ConnectionString cs = ConnectionString.parse("HostName=hub.iothub.test;DeviceId=d1;SharedAccessSignature=" + token);

        assertThat(cs.sharedAccessSignature()).isEqualTo(token);
    }

    @Test
    void understandsX509() {
        ConnectionString cs = ConnectionString.parse("HostName=hub.iothub.test;DeviceId=d1;x509=true");

        assertThat(cs.isX509()).isTrue();
        assertThat(cs.sharedAccessKey()).isNull();
    }

    @Test
    void toStringHidesKeysAndTokens() {
        ConnectionString cs = ConnectionString.parse("HostName=hub.iothub.test;DeviceId=d1;SharedAccessKey=" + KEY);

        assertThat(cs.toString()).doesNotContain(KEY).contains("SharedAccessKey=***").contains("DeviceId=d1");
    }
}
