package io.cameliothub.emulator.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cameliothub.emulator.core.DeviceRegistry;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.Identity;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The twin document rules without any protocol: versions, merge, limits, etags, notifications. */
class TwinStoreTest {

    private final DeviceRegistry registry = new DeviceRegistry("hub.test", Clock.systemUTC());
    private final TwinStore twins = new TwinStore(registry, Clock.systemUTC());
    private final Identity device = registry.addDevice("d1").identity();

    private static void assertCode(Runnable r, int code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void freshTwinThenReportedPatchesMergeWithNullDeletingAndVersionsCounting() {
        Twin fresh = twins.get(device);
        assertThat(fresh.deviceJson()).isEqualTo("{\"desired\":{\"$version\":1},\"reported\":{\"$version\":1}}");
        assertThat(fresh.etag()).isEqualTo("AAAAAAAAAAE=");

        assertThat(twins.patchReported(device, "{\"a\":{\"b\":1,\"c\":2},\"$version\":99}", null)).isEqualTo(2);
        assertThat(twins.patchReported(device, "{\"a\":{\"b\":null,\"d\":[1,2]},\"e\":true}", 2L)).isEqualTo(3);
        Twin t = twins.get(device);
        assertThat(t.reported()).isEqualTo(new JsonObject("{\"a\":{\"c\":2,\"d\":[1,2]},\"e\":true}"));
        assertThat(t.version()).isEqualTo(3);
        assertThat(t.etag()).isNotEqualTo(fresh.etag());
        assertCode(() -> twins.patchReported(device, "{\"x\":1}", 2L), 412001);
        assertThat(twins.reportedUpdates(device)).extracting(ReportedUpdate::version).containsExactly(2L, 3L);
    }

    @Test
    void limitsRefuseWithoutChangingAnything() {
        StringBuilder ok = new StringBuilder();
        StringBuilder tooDeep = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            ok.append("{\"l").append(i).append("\":");
        }
        ok.append("{\"leaf\":1").append("}".repeat(11));
        tooDeep.append("{\"x\":").append(ok).append("}");
        twins.patchDesired(device, ok.toString());
        assertCode(() -> twins.patchDesired(device, tooDeep.toString()), 400004);
        for (String key : new String[] {"a.b", "$x", "a b", "tab\t", "x".repeat(1025)}) {
            assertCode(() -> twins.patchDesired(device, new JsonObject().put(key, 1).encode()), 400004);
        }
        assertCode(() -> twins.patchDesired(device, "{\"s\":\"" + "x".repeat(4097) + "\"}"), 400004);
        assertCode(() -> twins.patchDesired(device, "{\"n\":4503599627370496}"), 400004);
        assertCode(() -> twins.patchDesired(device, "[1]"), 400004);
        JsonObject big = new JsonObject();
        for (int i = 0; i < 9; i++) {
            big.put("k" + i, "v".repeat(4000));
        }
        assertCode(() -> twins.patchReported(device, big.encode(), null), 400004);
        JsonObject tags = new JsonObject().put("t1", "v".repeat(4000)).put("t2", "v".repeat(4000)).put("t3", "v".repeat(200));
        assertCode(() -> twins.update(device, tags, null, null), 400004);
        Twin t = twins.get(device);
        assertThat(t.desiredVersion()).isEqualTo(2);
        assertThat(t.reportedVersion()).isEqualTo(1);
        assertThat(t.tags().isEmpty()).isTrue();
        assertThat(TwinJson.size(new JsonObject("{\"ab\":\"xyz\",\"n\":1.5,\"b\":false,\"o\":{\"k\":\"v\"}}")))
                .isEqualTo(2 + 3 + 1 + 8 + 1 + 4 + 1 + 1 + 1);
    }

    @Test
    void serviceUpdatesCheckTheEtagAndNotifySubscribersInVersionOrder() {
        List<DesiredUpdate> seen = new ArrayList<>();
        Runnable stop = twins.subscribeDesired(device, seen::add);
        Twin first = twins.update(device, new JsonObject().put("site", "a"), new JsonObject().put("x", 1).put("y", 2), null);
        assertCode(() -> twins.update(device, null, new JsonObject().put("x", 3), "\"AAAAAAAAAAE=\""), 412001);
        twins.update(device, null, new JsonObject().put("x", 3), "\"" + first.etag() + "\"");
        Twin replaced = twins.replace(device, new JsonObject(), new JsonObject().put("z", 1), "*");
        stop.run();
        twins.patchDesired(device, "{\"after\":1}");

        assertThat(seen).extracting(DesiredUpdate::version).containsExactly(2L, 3L, 4L);
        assertThat(seen.get(2).json()).isEqualTo("{\"z\":1,\"x\":null,\"y\":null,\"$version\":4}");
        assertThat(replaced.desired()).isEqualTo(new JsonObject("{\"z\":1}"));
        assertThat(replaced.tags().isEmpty()).isTrue();
        assertThat(twins.isSubscribedToDesired(device)).isFalse();
    }

    @Test
    void unknownIdentitiesAndRecreatedDevices() {
        assertCode(() -> twins.get(Identity.device("ghost")), 404001);
        assertCode(() -> twins.get(Identity.module("d1", "ghost")), 404010);
        assertCode(() -> twins.get(Identity.module("ghost", "m")), 404001);
        twins.patchReported(device, "{\"old\":1}", null);
        registry.removeDevice("d1");
        registry.addDevice("d1");
        assertThat(twins.get(device).reported().isEmpty()).as("a new device gets a new twin").isTrue();
    }
}
