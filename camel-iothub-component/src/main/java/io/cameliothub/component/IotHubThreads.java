package io.cameliothub.component;

import java.util.concurrent.TimeUnit;

import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

/**
 * The component's two thread pools, both from Camel's ExecutorServiceManager. Neither has a bounded queue (Camel's
 * default of 1,000 rejected sends once 1,000 timers were pending across a gateway's devices), and neither runs a task
 * on the caller when it rejects one (that would put route code on an I/O thread): a rejection only happens while the
 * component stops, and the transport turns it into an IotHubException.
 */
final class IotHubThreads {

    /** Route code after an acknowledgement, and cloud-to-device routes, run on this many threads at most. */
    static final int COMPLETION_THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private IotHubThreads() {
    }

    /** Reconnects, token renewals, send-timeout sweeps and MQTT pings: short, never blocking, never route code. */
    static ThreadPoolProfile timers() {
        return profile("iothub-timers", 1, -1, false); // a scheduled pool's queue is unbounded unless a size is given
    }

    /** Send outcomes and cloud-to-device deliveries: where routes continue. */
    static ThreadPoolProfile completions() {
        // Camel makes a SynchronousQueue (rejecting when every thread is busy) unless the size is positive
        return profile("iothub-completions", COMPLETION_THREADS, Integer.MAX_VALUE, true);
    }

    private static ThreadPoolProfile profile(String id, int threads, int queueSize, boolean timeOut) {
        ThreadPoolProfile p = new ThreadPoolProfile(id);
        p.setPoolSize(threads);
        p.setMaxPoolSize(threads);
        p.setMaxQueueSize(queueSize);
        p.setKeepAliveTime(60L);
        p.setTimeUnit(TimeUnit.SECONDS);
        p.setAllowCoreThreadTimeOut(timeOut);
        p.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        return p;
    }
}
