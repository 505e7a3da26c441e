package io.cameliothub.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** Busy ports: a clear skip with the extension's opt-in, a clear failure otherwise. */
class IotHubEmulatorExtensionTest {

    @Test
    void busyPortSkipsTheClassWhenAskedTo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IotHubEmulatorExtension ext = IotHubEmulatorExtension.builder().mqttPort(taken.getLocalPort())
                    .skipWhenPortsBusy().build();
            ext.beforeAll(null);
            assertThatThrownBy(() -> ext.beforeEach(null)).isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("cannot bind").hasMessageContaining(String.valueOf(taken.getLocalPort()));
            assertThatThrownBy(ext::hub).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot bind");
            ext.afterAll(null);
        }
    }

    @Test
    void waitsForABusyPortToComeFree() throws Exception {
        ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = taken.getLocalPort();
        IotHubEmulatorExtension ext = IotHubEmulatorExtension.builder().mqttPort(port)
                .waitForPorts(java.time.Duration.ofSeconds(20)).build();
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(1500);
                taken.close();
            } catch (Exception ignored) {
                // test thread asserts the outcome
            }
        });
        releaser.start();
        ext.beforeAll(null);
        try {
            ext.beforeEach(null);
            assertThat(ext.mqttPort()).isEqualTo(port);
        } finally {
            ext.afterAll(null);
            releaser.join();
        }
    }

    @Test
    void badEventLoopsAndPortsAreRefusedByName() {
        assertThat(IotHubEmulator.builder().eventLoops).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThatThrownBy(() -> IotHubEmulator.builder().eventLoops(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("eventLoops must be 1 to 1024, was 0");
        assertThatThrownBy(() -> IotHubEmulatorExtension.builder().eventLoops(1025))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("eventLoops must be 1 to 1024, was 1025");
        assertThatThrownBy(() -> IotHubEmulator.builder().amqpPort(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("amqpPort must be 0 (any free port) to 65535, was -1");
        assertThatThrownBy(() -> IotHubEmulator.builder().httpsPort(65536)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("httpsPort must be 0");
    }

    @Test
    void busyPortFailsStartOtherwise() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> IotHubEmulator.builder().mqttPort(0).amqpPort(0).httpsPort(taken.getLocalPort()).start())
                    .isInstanceOf(IotHubEmulator.EmulatorStartException.class)
                    .hasMessageContaining("HTTPS port " + taken.getLocalPort());
        }
    }

    @Test
    void extensionRegistersDevicesAndModulesAndHandsOutConnectionStrings() throws Exception {
        IotHubEmulatorExtension ext = IotHubEmulatorExtension.builder().hostName("other.iothub.test")
                .device("d1").module("d1", "m1").build();
        ext.beforeAll(null);
        try {
            assertThat(ext.deviceConnectionString("d1")).startsWith("HostName=other.iothub.test;DeviceId=d1;SharedAccessKey=");
            assertThat(ext.moduleConnectionString("d1", "m1")).contains(";ModuleId=m1;");
            assertThat(ext.deviceConnectionString("d2")).contains("DeviceId=d2");
            assertThat(ext.registry().devices()).hasSize(2);
            assertThat(ext.mqttPort()).isPositive().isNotEqualTo(8883);
            assertThat(ext.tls().certificate().getSubjectX500Principal().getName()).contains("other.iothub.test");
        } finally {
            ext.afterAll(null);
        }
        assertThatThrownBy(ext::hub).isInstanceOf(IllegalStateException.class);
    }
}
