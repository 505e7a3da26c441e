package io.cameliothub.emulator.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;
import com.microsoft.azure.sdk.iot.service.messaging.AcknowledgementType;
import com.microsoft.azure.sdk.iot.service.messaging.DeliveryAcknowledgement;
import com.microsoft.azure.sdk.iot.service.messaging.FeedbackBatch;
import com.microsoft.azure.sdk.iot.service.messaging.FeedbackRecord;
import com.microsoft.azure.sdk.iot.service.messaging.FeedbackStatusCode;
import com.microsoft.azure.sdk.iot.service.messaging.IotHubServiceClientProtocol;
import com.microsoft.azure.sdk.iot.service.messaging.Message;
import com.microsoft.azure.sdk.iot.service.messaging.MessageFeedbackProcessorClient;
import com.microsoft.azure.sdk.iot.service.messaging.MessageFeedbackProcessorClientOptions;
import com.microsoft.azure.sdk.iot.service.messaging.MessagingClient;
import com.microsoft.azure.sdk.iot.service.messaging.MessagingClientOptions;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.Module;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.IotHubEmulatorExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official Azure IoT service SDK for Java (iot-service-client 2.1.9), unchanged, against the emulator's service
 * side: RegistryClient over REST on port 443, MessagingClient over AMQPS on 5671 and MessageFeedbackProcessorClient
 * over AMQPS_WS on 443, and
 * the official device SDK receiving what the service sent. The service SDK takes no port and its REST client uses the
 * JVM's default TLS socket factory, so this class binds the real ports and installs the hub's trust for its duration.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SdkServiceConformanceTest {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    @Order(1)
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder()
            .hostName("hub.iothub.test").amqpPort(IotHubEmulator.DEFAULT_AMQP_PORT)
            .httpsPort(IotHubEmulator.DEFAULT_HTTPS_PORT).waitForPorts(Duration.ofSeconds(90)).skipWhenPortsBusy().build();

    @RegisterExtension
    @Order(2)
    static final ServiceSdkTrust TRUST = new ServiceSdkTrust(HUB);

    private final SdkClients closers = new SdkClients(HUB);

    @AfterEach
    void closeClients() {
        closers.closeAll();
    }

    private static String newId() {
        return "sdk-svc-" + IDS.incrementAndGet();
    }

    private DeviceClient openDevice(String connectionString) throws Exception {
        DeviceClient c = new DeviceClient(connectionString, IotHubClientProtocol.AMQPS,
                ClientOptions.builder().sslContext(HUB.sslContext()).build());
        closers.onClose(c::close);
        c.open(false);
        return c;
    }

    @Test
    void registryClientAddsGetsUpdatesAndRemovesDevicesAndModules() throws Exception {
        RegistryClient registry = new RegistryClient(HUB.serviceConnectionString());
        String id = newId();
        Device added = registry.addDevice(new Device(id));
        assertThat(added.getDeviceId()).isEqualTo(id);
        assertThat(added.getETag()).isNotEmpty();
        assertThat(HUB.registry().device(id).orElseThrow().primaryKey()).isEqualTo(added.getPrimaryKey());

        // the keys the SDK generated and registered let the device connect
        DeviceClient device = openDevice("HostName=" + HUB.hostName() + ";DeviceId=" + id + ";SharedAccessKey="
                + added.getPrimaryKey());
        assertThat(registry.getDevice(id).getConnectionState().toString()).isEqualTo("Connected");
        device.close();

        Device fetched = registry.getDevice(id);
        fetched.setStatus(DeviceStatus.Disabled);
        Device updated = registry.updateDevice(fetched);
        assertThat(updated.getStatus()).isEqualTo(DeviceStatus.Disabled);
        assertThat(HUB.registry().device(id).orElseThrow().enabled()).isFalse();

        Module module = registry.addModule(new Module(id, "m1"));
        assertThat(module.getId()).isEqualTo("m1");
        assertThat(registry.getModule(id, "m1").getPrimaryKey()).isEqualTo(module.getPrimaryKey());
        assertThat(registry.getModulesOnDevice(id)).extracting(Module::getId).containsExactly("m1");
        registry.removeModule(id, "m1");
        assertThat(HUB.registry().module(id, "m1")).isEmpty();

        registry.removeDevice(id);
        assertThatThrownBy(() -> registry.getDevice(id)).isInstanceOfSatisfying(IotHubNotFoundException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(404001));
        assertThat(registry.getStatistics().getTotalDeviceCount()).isEqualTo(HUB.registry().devices().size());
    }

    @Test
    void registryClientWithAReadOnlyPolicyIsRefused() {
        RegistryClient readOnly = new RegistryClient(HUB.hub().serviceConnectionString("registryRead"));
        assertThatThrownBy(() -> readOnly.addDevice(new Device(newId())))
                .isInstanceOfSatisfying(IotHubUnauthorizedException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(401002));
    }

    @Test
    void messagingClientSendsC2dTheDeviceReceivesAndFeedbackComesBack() throws Exception {
        String id = newId();
        DeviceClient device = openDevice(HUB.addDevice(id).connectionString());
        BlockingQueue<com.microsoft.azure.sdk.iot.device.Message> received = new LinkedBlockingQueue<>();
        device.setMessageCallback((m, ctx) -> {
            received.add(m);
            return "reject-me".equals(new String(m.getBytes(), StandardCharsets.UTF_8))
                    ? IotHubMessageResult.REJECT : IotHubMessageResult.COMPLETE;
        }, null);

        BlockingQueue<FeedbackRecord> feedback = new LinkedBlockingQueue<>();
        // the feedback receiver over AMQP on WebSocket (port 443), the sender over AMQPS (5671)
        MessageFeedbackProcessorClient feedbackClient = new MessageFeedbackProcessorClient(HUB.serviceConnectionString(),
                IotHubServiceClientProtocol.AMQPS_WS, (FeedbackBatch batch) -> {
                    feedback.addAll(batch.getRecords());
                    return AcknowledgementType.COMPLETE;
                }, MessageFeedbackProcessorClientOptions.builder().sslContext(HUB.sslContext()).build());
        feedbackClient.start();
        closers.onClose(feedbackClient::stop);

        MessagingClient messaging = new MessagingClient(HUB.serviceConnectionString(), IotHubServiceClientProtocol.AMQPS,
                MessagingClientOptions.builder().sslContext(HUB.sslContext()).build());
        messaging.open();
        closers.onClose(messaging::close);

        Message message = new Message("hello device");
        message.setMessageId("c2d-1");
        message.setCorrelationId("corr-1");
        message.setProperties(Map.of("colour", "blue"));
        message.setDeliveryAcknowledgement(DeliveryAcknowledgement.Full);
        messaging.send(id, message);

        com.microsoft.azure.sdk.iot.device.Message got = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(new String(got.getBytes(), StandardCharsets.UTF_8)).isEqualTo("hello device");
        assertThat(got.getMessageId()).isEqualTo("c2d-1");
        assertThat(got.getCorrelationId()).isEqualTo("corr-1");
        assertThat(got.getProperty("colour")).isEqualTo("blue");

        Message rejected = new Message("reject-me");
        rejected.setMessageId("c2d-2");
        rejected.setDeliveryAcknowledgement(DeliveryAcknowledgement.NegativeOnly);
        messaging.send(id, rejected);

        FeedbackRecord first = feedback.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        FeedbackRecord second = feedback.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(List.of(first, second)).extracting(FeedbackRecord::getOriginalMessageId,
                FeedbackRecord::getStatusCode, FeedbackRecord::getDeviceId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c2d-1", FeedbackStatusCode.success, id),
                        org.assertj.core.groups.Tuple.tuple("c2d-2", FeedbackStatusCode.rejected, id));
        assertThat(HUB.hub().core().feedbackQueue().pendingCount()).isZero();

        assertThatThrownBy(() -> messaging.send("no-such-device", new Message("x")))
                .isInstanceOf(IotHubNotFoundException.class);
    }
}
