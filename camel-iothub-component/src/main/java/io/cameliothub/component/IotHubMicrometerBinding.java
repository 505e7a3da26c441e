package io.cameliothub.component;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import io.cameliothub.component.transport.ConnectionState;
import io.cameliothub.component.transport.internal.IotHubTransport;
import io.cameliothub.component.transport.internal.TransportMetrics;
import io.cameliothub.component.transport.internal.TransportSettings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters of each device transport in a Micrometer registry: function counters and gauges that read the transport's
 * own counters when the registry is scraped, so sending costs nothing extra. Only loaded when Micrometer is present.
 */
final class IotHubMicrometerBinding implements IotHubMeterBinding {

    /** The name camel-micrometer binds its registry under. */
    static final String CAMEL_REGISTRY_NAME = "metricsRegistry";
    static final String PREFIX = "camel.iothub.";
    /** The moduleId tag of a device (not a module): every meter of a name carries the same tag keys. */
    static final String NO_MODULE = "none";

    private static final Logger LOG = LoggerFactory.getLogger(IotHubMicrometerBinding.class);

    private record Bound(List<Meter> meters, int[] holds) {
    }

    private final MeterRegistry registry;
    private final String camelContext;
    private final Map<IotHubTransport, Bound> bound = new IdentityHashMap<>();

    private IotHubMicrometerBinding(MeterRegistry registry, String camelContext) {
        this.registry = registry;
        this.camelContext = camelContext;
    }

    static IotHubMeterBinding lookup(CamelContext context) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(CAMEL_REGISTRY_NAME, MeterRegistry.class);
        if (registry == null) {
            Set<MeterRegistry> all = context.getRegistry().findByType(MeterRegistry.class);
            List<MeterRegistry> composites = all.stream().filter(r -> r instanceof CompositeMeterRegistry).toList();
            // Spring Boot binds its composite (over every exporting registry) next to the registries themselves
            registry = all.size() == 1 ? all.iterator().next() : composites.size() == 1 ? composites.get(0) : null;
            if (registry == null && !all.isEmpty()) {
                LOG.info("{} Micrometer registries and none named '{}': the iothub component publishes no meters; bind "
                         + "the one to use as '{}'", all.size(), CAMEL_REGISTRY_NAME, CAMEL_REGISTRY_NAME);
            }
        }
        if (registry == null) {
            LOG.debug("No Micrometer MeterRegistry in the Camel registry: the iothub component publishes no meters");
            return NONE;
        }
        LOG.debug("The iothub component publishes its meters to {}", registry.getClass().getName());
        return new IotHubMicrometerBinding(registry, context.getName());
    }

    @Override
    public synchronized void bind(IotHubTransport transport, TransportSettings settings) {
        Bound b = bound.get(transport);
        if (b != null) {
            b.holds()[0]++;
            return;
        }
        bound.put(transport, new Bound(register(transport, settings), new int[] { 1 }));
    }

    @Override
    public synchronized void unbind(IotHubTransport transport) {
        Bound b = bound.get(transport);
        if (b != null && --b.holds()[0] == 0) {
            bound.remove(transport);
            b.meters().forEach(registry::remove);
        }
    }

    private List<Meter> register(IotHubTransport transport, TransportSettings settings) {
        Tags tags = Tags.of("camelContext", camelContext, "hub", settings.hostName(), "deviceId", settings.deviceId(),
                "moduleId", settings.moduleId() == null ? NO_MODULE : settings.moduleId(),
                "protocol", settings.protocol().name());
        TransportMetrics m = transport.metrics();
        List<Meter> meters = new ArrayList<>();
        meters.add(counter("messages.sent", "Device-to-cloud messages handed to the transport", tags, m,
                TransportMetrics::sent));
        meters.add(counter("messages.acknowledged", "Device-to-cloud messages the hub acknowledged", tags, m,
                TransportMetrics::acknowledged));
        meters.add(counter("messages.failed", "Device-to-cloud messages that failed (refused, too large, not "
                                              + "acknowledged in time, connection lost first)", tags, m,
                TransportMetrics::failed));
        meters.add(Gauge.builder(PREFIX + "messages.inflight", m, TransportMetrics::inFlight).tags(tags)
                .description("Device-to-cloud messages awaiting the hub's acknowledgement or room in the window")
                .register(registry));
        meters.add(counter("reconnects", "Connections re-established after the device lost its connection", tags, m,
                TransportMetrics::reconnects));
        meters.add(Gauge.builder(PREFIX + "connected", transport,
                        t -> t.state() == ConnectionState.CONNECTED ? 1 : 0).tags(tags)
                .description("1 while the device is connected to IoT Hub, else 0").register(registry));
        meters.add(counter("c2d.received", "Cloud-to-device messages received", tags, m, TransportMetrics::c2dReceived));
        meters.add(counter("c2d.completed", "Cloud-to-device messages completed with the hub", tags, m,
                TransportMetrics::c2dCompleted));
        meters.add(counter("c2d.abandoned", "Cloud-to-device messages abandoned (the hub delivers them again)", tags, m,
                TransportMetrics::c2dAbandoned));
        meters.add(counter("c2d.rejected", "Cloud-to-device messages rejected (dead-lettered)", tags, m,
                TransportMetrics::c2dRejected));
        meters.add(counter("twin.requests", "Twin reads and reported-property updates sent", tags, m,
                TransportMetrics::twinRequests));
        meters.add(counter("methods.invoked", "Direct-method calls received", tags, m,
                TransportMetrics::methodInvocations));
        return meters;
    }

    private FunctionCounter counter(String name, String description, Tags tags, TransportMetrics metrics,
                                    ToDoubleFunction<TransportMetrics> value) {
        return FunctionCounter.builder(PREFIX + name, metrics, value).tags(tags).description(description)
                .register(registry);
    }
}
