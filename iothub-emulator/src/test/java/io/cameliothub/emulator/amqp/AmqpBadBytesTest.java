package io.cameliothub.emulator.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.SasTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.Role;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AMQP traffic no library sends, from a hand-written client: garbage, unknown SASL mechanisms, and CBS transfers after
 * SASL, open, begin and both $cbs attaches. The hub answers what it can with a status, closes with an AMQP error
 * condition (never a bare TCP drop) what it cannot, and keeps serving a good client afterwards (checked after each).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AmqpBadBytesTest {

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().device("cbs-good").build();

    @AfterEach
    void hubKeepsServing() {
        DeviceInfo d = HUB.registry().device("cbs-good").orElseThrow();
        try (ProtonPeer peer = ProtonPeer.connect(HUB, "ANONYMOUS", null, null)) {
            assertThat(peer.putToken("servicebus.windows.net:sastoken", HUB.hostName() + "/devices/cbs-good",
                    SasTokens.create(HUB.hostName() + "/devices/cbs-good", d.primaryKey(), Duration.ofMinutes(5))))
                    .isEqualTo(200);
        }
    }

    private static RawAmqp cbsClient() throws Exception {
        RawAmqp raw = new RawAmqp(HUB);
        raw.openSession(HUB.hostName());
        raw.attachCbs();
        return raw;
    }

    private static Message request(Map<String, Object> props, Object body) {
        Message m = Message.Factory.create();
        m.setMessageId("req-1");
        m.setReplyTo("cbs");
        m.setApplicationProperties(new ApplicationProperties(props));
        m.setBody(body instanceof Data d ? d : new AmqpValue(body));
        return m;
    }

    private static int status(Message reply) {
        return ((Number) reply.getApplicationProperties().getValue().get("status-code")).intValue();
    }

    @Test
    void randomBytesInsteadOfAProtocolHeaderAreRefused() throws Exception {
        try (RawAmqp raw = new RawAmqp(HUB)) {
            byte[] garbage = new byte[4096];
            new java.util.Random(15).nextBytes(garbage);
            raw.write(garbage);

            assertThat(raw.read()).as("the hub answers garbage with nothing it would parse as a frame").isNull();
        }
    }

    @Test
    void garbageAfterTheSaslHeaderEndsTheConnection() throws Exception {
        try (RawAmqp raw = new RawAmqp(HUB)) {
            raw.header(3);
            raw.readHeader();
            byte[] garbage = new byte[64 * 1024];
            new java.util.Random(16).nextBytes(garbage);
            try {
                raw.write(garbage);
            } catch (java.io.IOException e) {
                // the hub may close while we write
            }
            assertThat(raw.readUntil(Close.class)).isNull();
        }
    }

    @Test
    void anUnknownSaslMechanismIsRefused() throws Exception {
        try (RawAmqp raw = new RawAmqp(HUB)) {
            raw.header(3);
            raw.readHeader();
            raw.read(); // mechanisms
            org.apache.qpid.proton.amqp.security.SaslInit init = new org.apache.qpid.proton.amqp.security.SaslInit();
            init.setMechanism(Symbol.valueOf("SCRAM-SHA-512"));
            raw.frame(1, 0, init, new byte[0]);

            Object outcome = raw.read();

            assertThat(outcome).isInstanceOf(org.apache.qpid.proton.amqp.security.SaslOutcome.class);
            assertThat(((org.apache.qpid.proton.amqp.security.SaslOutcome) outcome).getCode())
                    .isEqualTo(org.apache.qpid.proton.amqp.security.SaslCode.AUTH);
        }
    }

    @Test
    void aTransferOnTheReplyLinkClosesWithNotAllowed() throws Exception {
        try (RawAmqp raw = cbsClient()) {
            raw.transfer(1, 0, request(Map.of("operation", "put-token"), "t"));

            Close close = raw.awaitClose();

            assertThat(close).as("a close frame, not a bare TCP drop").isNotNull();
            assertThat((Object) close.getError().getCondition()).isEqualTo(Symbol.valueOf("amqp:not-allowed"));
            assertThat(close.getError().getDescription()).contains("handle 1");
        }
    }

    @Test
    void aTransferOnAHandleNeverAttachedClosesWithUnattachedHandle() throws Exception {
        try (RawAmqp raw = cbsClient()) {
            raw.transfer(7, 0, request(Map.of("operation", "put-token"), "t"));

            Close close = raw.awaitClose();

            assertThat(close).isNotNull();
            assertThat((Object) close.getError().getCondition()).isEqualTo(Symbol.valueOf("amqp:session:unattached-handle"));
        }
    }

    @Test
    void anAttachOnAChannelNeverBegunClosesWithFramingError() throws Exception {
        try (RawAmqp raw = cbsClient()) {
            Attach attach = new Attach();
            attach.setName("stray");
            attach.setHandle(UnsignedInteger.valueOf(3));
            attach.setRole(Role.SENDER);
            raw.frame(0, 5, attach, new byte[0]);

            Close close = raw.awaitClose();

            assertThat(close).isNotNull();
            assertThat((Object) close.getError().getCondition()).isEqualTo(Symbol.valueOf("amqp:connection:framing-error"));
        }
    }

    @Test
    void oddPutTokensGetA400Reply() throws Exception {
        Map<String, Object> odd = new HashMap<>();
        odd.put("operation", Symbol.valueOf("put-token"));
        odd.put("type", 42);
        odd.put("name", HUB.hostName() + "/devices/cbs-good");
        try (RawAmqp raw = cbsClient()) {
            raw.transfer(0, 0, request(odd, new Data(new Binary("token".getBytes(StandardCharsets.UTF_8)))));
            assertThat(status(raw.readMessage())).as("int type, binary body").isEqualTo(400);

            Map<String, Object> noOperation = Map.of("type", "servicebus.windows.net:sastoken", "name", "x");
            raw.transfer(0, 1, request(noOperation, "token"));
            assertThat(status(raw.readMessage())).as("no operation").isEqualTo(400);

            Map<String, Object> put = Map.of("operation", "put-token", "type", "servicebus.windows.net:sastoken",
                    "name", "x");
            raw.transfer(0, 2, request(put, 12345));
            assertThat(status(raw.readMessage())).as("a non-string body").isEqualTo(400);
        }
    }

    @Test
    void putTokenWithNullApplicationPropertiesGetsA400Reply() throws Exception {
        try (RawAmqp raw = cbsClient()) {
            // application-properties described as null, then an amqp-value string body
            raw.transfer(0, 0, new byte[] {0x00, 0x53, 0x74, 0x40, 0x00, 0x53, 0x77, (byte) 0xa1, 1, 't'});

            assertThat(status(raw.readMessage())).isEqualTo(400);
        }
    }
}
