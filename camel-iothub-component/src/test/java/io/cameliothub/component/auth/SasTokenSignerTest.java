package io.cameliothub.component.auth;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SasTokenSignerTest {

    // the vector was computed independently of this project
    private static final String KEY = "Y2FtZWwtaW90aHViLXRlc3Qta2V5LTAxMjM0NTY3ODk=";
    private static final Instant EXPIRY = Instant.ofEpochSecond(1893456000L);

    @Test
    void mintsTheDocumentedDeviceToken() {
        SasToken token = new SasTokenSigner(KEY, null)
                .sign(SasTokenSigner.resourceUri("hub.iothub.test", "device-1", null), EXPIRY);

        assertThat(token.value()).isEqualTo("SharedAccessSignature sr=hub.iothub.test%2Fdevices%2Fdevice-1"
                                            + "&sig=b7FH%2FhnMqxSICNVsa3AuhWMB7e%2BbUGhmPi4lwlkTDfI%3D&se=1893456000");
        assertThat(token.audience()).isEqualTo("hub.iothub.test/devices/device-1");
        assertThat(token.expiry()).isEqualTo(EXPIRY);
        assertThat(token.policyName()).isNull();
    }

    @Test
    void moduleTokensAreScopedToTheModule() {
        SasToken token = new SasTokenSigner(KEY, null)
                .sign(SasTokenSigner.resourceUri("hub.iothub.test", "device-1", "module-a"), EXPIRY);

        assertThat(token.value()).startsWith(
                "SharedAccessSignature sr=hub.iothub.test%2Fdevices%2Fdevice-1%2Fmodules%2Fmodule-a&sig=");
        assertThat(token.audience()).isEqualTo("hub.iothub.test/devices/device-1/modules/module-a");
        // a different string to sign gives a different signature than the device token
        assertThat(token.value()).doesNotContain("b7FH%2FhnMqxSICNVsa3AuhWMB7e%2BbUGhmPi4lwlkTDfI%3D");
    }

    @Test
    void policyTokensNameThePolicy() {
        SasToken token = new SasTokenSigner(KEY, "device")
                .sign(SasTokenSigner.resourceUri("hub.iothub.test", "device-1", null), EXPIRY);

        // the policy name is not part of the string to sign, so the signature equals the device token's
        assertThat(token.value()).isEqualTo("SharedAccessSignature sr=hub.iothub.test%2Fdevices%2Fdevice-1"
                                            + "&sig=b7FH%2FhnMqxSICNVsa3AuhWMB7e%2BbUGhmPi4lwlkTDfI%3D&se=1893456000"
                                            + "&skn=device");
        assertThat(token.policyName()).isEqualTo("device");
    }

    @Test
    void parsesWhatItMints() {
        SasToken minted = new SasTokenSigner(KEY, "device")
                .sign(SasTokenSigner.resourceUri("hub.iothub.test", "device-1", null), EXPIRY);

        SasToken parsed = SasToken.parse(minted.value());

        assertThat(parsed.audience()).isEqualTo("hub.iothub.test/devices/device-1");
        assertThat(parsed.expiry()).isEqualTo(EXPIRY);
        assertThat(parsed.policyName()).isEqualTo("device");
        assertThat(parsed.isExpiredAt(EXPIRY)).isTrue();
        assertThat(parsed.isExpiredAt(EXPIRY.minusSeconds(1))).isFalse();
    }

    @Test
    void parsesTheJavaSdkRawForm() {
        SasToken parsed = SasToken.parse("SharedAccessSignature sig=abc%3D&se=1893456000&sr=hub.iothub.test/devices/d1");

        assertThat(parsed.audience()).isEqualTo("hub.iothub.test/devices/d1");
        assertThat(parsed.policyName()).isNull();
    }

    @Test
    void neitherTokenNorSignerShowsSecretsInToString() {
        SasTokenSigner signer = new SasTokenSigner(KEY, null);
        SasToken token = signer.sign("hub.iothub.test/devices/device-1", EXPIRY);

        assertThat(signer.toString()).doesNotContain(KEY);
        assertThat(token.toString()).doesNotContain("sig=").doesNotContain("b7FH")
                .contains("hub.iothub.test/devices/device-1");
    }

    @Test
    void rejectsKeysThatAreNotBase64WithoutRepeatingThem() {
        assertThatThrownBy(() -> new SasTokenSigner("not base64!", null))
                .hasMessage("sharedAccessKey is not valid Base64: it holds a space, which is what a '+' becomes in an "
                            + "endpoint URI. In an endpoint URI, wrap keys and connection strings in RAW(...), e.g. "
                            + "sharedAccessKey=RAW(...), so that '+', '/' and '=' arrive intact");
    }
}
