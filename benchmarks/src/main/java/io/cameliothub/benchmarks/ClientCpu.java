package io.cameliothub.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * This (the client's) JVM's own figures: CPU seconds used by the whole process, heap after a collection, threads.
 * The emulator runs in another process, so none of its work is counted here.
 */
final class ClientCpu {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ClientCpu() {
    }

    /** CPU time of the whole client process (all threads, JIT and GC included), in seconds. */
    static double processSeconds() {
        return OS.getProcessCpuTime() / 1e9;
    }

    static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
