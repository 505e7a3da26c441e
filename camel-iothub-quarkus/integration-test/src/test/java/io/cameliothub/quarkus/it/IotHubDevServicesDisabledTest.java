package io.cameliothub.quarkus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.management.ObjectName;

import io.cameliothub.component.IotHubComponent;
import io.cameliothub.quarkus.IotHubDevServicesHub;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A configured hub host switches the Dev Service off: no emulator starts for this application and the component is
 * left as configured. (An emulator an earlier test class started stays up until the end of the run: Quarkus keeps
 * Dev Services for the test classes that follow.)
 */
@QuarkusTest
@TestProfile(IotHubDevServicesDisabledTest.HubConfigured.class)
class IotHubDevServicesDisabledTest {

    static final String OWN_KEY = "b3duLWtleS1vZi1hLXJlYWwtaHVi";

    public static class HubConfigured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // routes stay stopped: hub.example.test does not exist
            return Map.of("camel.component.iothub.host-name", "hub.example.test",
                    "camel.component.iothub.shared-access-key", OWN_KEY,
                    "camel.main.auto-startup", "false");
        }
    }

    @Inject
    CamelContext context;

    @Test
    void noEmulatorAndNothingInjected() throws Exception {
        Set<ObjectName> emulators = ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("io.cameliothub:type=IotHubEmulator,*"), null);
        Optional<String> shared = ConfigProvider.getConfig().getOptionalValue(IotHubDevServicesHub.JMX_NAME, String.class);
        if (shared.isEmpty()) {
            assertTrue(emulators.isEmpty(), "an emulator runs: " + emulators);
            assertThrows(IllegalStateException.class, IotHubDevServicesHub::current);
        } else {
            assertEquals(Set.of(new ObjectName(shared.get())), emulators, "only the earlier test classes' emulator");
        }

        IotHubComponent iothub = context.getComponent("iothub", IotHubComponent.class);
        assertEquals("hub.example.test", iothub.getConfiguration().getHostName());
        assertEquals(OWN_KEY, iothub.getConfiguration().getSharedAccessKey());
        assertNull(iothub.getConfiguration().getSharedAccessKeyName());
        assertNull(iothub.getConfiguration().getSslContextParameters());
    }
}
