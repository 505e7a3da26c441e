package io.cameliothub.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * With {@code -Dbench.jfr=true}: records the client JVM with Java Flight Recorder (the {@code profile} settings)
 * around a measured phase, writes {@code <dir>/<label>.jfr} and prints where the time went: the hottest methods by
 * their own samples, the camel-iothub methods the samples pass through, the busiest threads and the allocating
 * frames. Without it every call is a no-op.
 */
final class Profiler {

    private static final int TOP = 20;
    private final boolean enabled = Boolean.getBoolean("bench.jfr");
    private final Path dir = Path.of(System.getProperty("bench.jfr.dir", "target/jfr"));

    /** Summarises recordings again: {@code java -cp ... io.cameliothub.benchmarks.Profiler file.jfr...}. */
    public static void main(String[] args) throws IOException {
        for (String f : args) {
            System.out.println(summarise(Path.of(f).getFileName().toString(), Path.of(f)));
        }
    }

    boolean enabled() {
        return enabled;
    }

    /** Starts recording; the returned action stops it and prints the summary. */
    Runnable start(String label) {
        if (!enabled) {
            return () -> {
            };
        }
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName(label);
            recording.start();
            return () -> stop(recording, label);
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot start JFR: " + e, e);
        }
    }

    private void stop(Recording recording, String label) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(label.replaceAll("[^A-Za-z0-9_.-]", "_") + ".jfr");
            recording.stop();
            recording.dump(file);
            recording.close();
            System.out.println(summarise(label, file));
        } catch (IOException e) {
            System.out.println("JFR " + label + ": cannot write the recording: " + e);
        }
    }

    static String summarise(String label, Path file) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> component = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> paths = new HashMap<>();
        Map<String, Long> allocations = new HashMap<>();
        int samples = 0;
        long allocated = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            RecordedStackTrace stack = e.getStackTrace();
            if (type.equals("jdk.ExecutionSample") && stack != null && !stack.getFrames().isEmpty()) {
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                self.merge(method(frames.get(0)), 1, Integer::sum);
                paths.merge(path(frames), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String m = method(f);
                    if (m.startsWith("io.cameliothub.component") && !m.contains("$$Lambda") && seen.add(m)) {
                        component.merge(m, 1, Integer::sum);
                    }
                }
                String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
                threads.merge(String.valueOf(thread).replaceAll("\\d+", "#"), 1, Integer::sum);
            } else if (type.equals("jdk.ObjectAllocationSample") && stack != null && !stack.getFrames().isEmpty()
                       && stack.getFrames().stream().noneMatch(f -> method(f).startsWith(Profiler.class.getName()))) {
                long weight = e.getLong("weight");
                allocated += weight;
                String where = stack.getFrames().stream().map(Profiler::method)
                        .filter(m -> !isJdk(m))
                        .findFirst().orElse(method(stack.getFrames().get(0)));
                allocations.merge(where + " (" + e.getClass("objectClass").getName() + ")", weight, Long::sum);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n#### JFR %s: %,d execution samples, %s%n", label, samples, file));
        out.append("Hottest methods (own samples):\n");
        top(self, samples, out);
        out.append("Hottest call paths (a non-JDK frame, then the frames above it up to the sampled one):\n");
        top(paths, samples, out);
        out.append("camel-iothub methods on the sampled stacks (inclusive):\n");
        top(component, samples, out);
        out.append("Samples by thread:\n");
        top(threads, samples, out);
        out.append(String.format(Locale.ROOT, "Allocation (sampled, %,d MB), by first non-JDK frame and class:%n",
                allocated / (1024 * 1024)));
        long allBytes = Math.max(1, allocated);
        allocations.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(TOP)
                .forEach(en -> out.append(String.format(Locale.ROOT, "  %5.1f%%  %s%n",
                        100.0 * en.getValue() / allBytes, en.getKey())));
        return out.toString();
    }

    private static void top(Map<String, Integer> counts, int total, StringBuilder out) {
        counts.entrySet().stream().sorted((a, b) -> Integer.compare(b.getValue(), a.getValue())).limit(TOP)
                .forEach(en -> out.append(String.format(Locale.ROOT, "  %5.1f%%  %6d  %s%n",
                        100.0 * en.getValue() / Math.max(1, total), en.getValue(), en.getKey())));
    }

    /** The sampled frame's nearest non-JDK caller and what it called, e.g. {@code A.send > SSLEngine.wrap > ..}. */
    private static String path(List<RecordedFrame> frames) {
        int caller = 0;
        while (caller < frames.size() - 1 && isJdk(method(frames.get(caller)))) {
            caller++;
        }
        StringBuilder p = new StringBuilder(shortName(method(frames.get(caller))));
        for (int i = caller - 1; i >= 0 && i >= caller - 2; i--) {
            p.append(" > ").append(shortName(method(frames.get(i))));
        }
        if (caller > 2) {
            p.append(" > .. > ").append(shortName(method(frames.get(0))));
        }
        return p.toString();
    }

    private static boolean isJdk(String m) {
        return m.startsWith("java.") || m.startsWith("jdk.") || m.startsWith("sun.") || m.startsWith("com.sun.")
               || m.startsWith("javax.");
    }

    private static String shortName(String m) {
        int dot = m.lastIndexOf('.', m.lastIndexOf('.') - 1);
        return dot < 0 ? m : m.substring(dot + 1);
    }

    private static String method(RecordedFrame f) {
        return (f.getMethod().getType().getName() + "." + f.getMethod().getName())
                .replaceAll("\\$\\$Lambda\\$\\d+\\+0x[0-9a-f]+(\\.\\d+)?", "\\$\\$Lambda");
    }
}
