package dev.graphlaunch.systemtests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording (the JDK's "profile" settings) of the benchmark's JVM, which hosts the gateway,
 * summarised for the gateway's request threads ({@code dw-*}): where their CPU samples
 * ({@code jdk.ExecutionSample}) and their samples blocked in native code ({@code jdk.NativeMethodSample},
 * mostly socket reads waiting on PostgreSQL) fall. PostgreSQL itself is another process and not in it.
 */
final class AcceptProfile {
    /** Library by class-name prefix; a sample counts for the first frame from the top that matches. */
    private static final Map<String, String> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("org.postgresql.", "PostgreSQL JDBC driver");
        LAYERS.put("com.zaxxer.", "connection pool");
        LAYERS.put("org.apache.tomcat.jdbc.", "connection pool");
        LAYERS.put("org.jdbi.", "JDBI");
        LAYERS.put("com.fasterxml.", "Jackson");
        LAYERS.put("org.hibernate.validator.", "Bean Validation");
        LAYERS.put("io.temporal.", "Temporal SDK / gRPC");
        LAYERS.put("io.grpc.", "Temporal SDK / gRPC");
        LAYERS.put("dev.graphlaunch.", "gateway code");
        LAYERS.put("org.glassfish.", "Jersey / HK2");
        LAYERS.put("org.eclipse.jetty.", "Jetty");
        LAYERS.put("io.dropwizard.", "Dropwizard");
        LAYERS.put("com.codahale.", "Dropwizard metrics");
        LAYERS.put("java.", "JDK");
        LAYERS.put("javax.", "JDK");
        LAYERS.put("jdk.", "JDK");
        LAYERS.put("sun.", "JDK");
    }

    private final Recording recording;

    private AcceptProfile(Recording recording) {
        this.recording = recording;
    }

    static AcceptProfile start() throws IOException, ParseException {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(10));
        recording.enable("jdk.NativeMethodSample").withPeriod(java.time.Duration.ofMillis(20));
        // JDBI writes an event per statement while anyone records, describing its bindings: a cost
        // that exists only under the profiler, so it must not show in the profile.
        recording.disable("jdbi.statement");
        recording.start();
        return new AcceptProfile(recording);
    }

    String stopAndSummarise(Path file, String phase) throws IOException {
        recording.stop();
        Files.createDirectories(file.toAbsolutePath().getParent());
        recording.dump(file);
        recording.close();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> cpuLayers = new HashMap<>();
        Map<String, Integer> nativeLayers = new HashMap<>();
        Map<String, Integer> topFrames = new HashMap<>();
        Map<String, Integer> gatewayMethods = new HashMap<>();
        int cpu = 0;
        int blocked = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            String type = event.getEventType().getName();
            boolean isCpu = type.equals("jdk.ExecutionSample");
            if (!isCpu && !type.equals("jdk.NativeMethodSample")) {
                continue;
            }
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            if (isCpu) {
                threads.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "N").replaceAll(" - .*", ""), 1,
                        Integer::sum);
            }
            if (thread == null || !thread.startsWith("dw-") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            String layer = layerOf(frames);
            if (isCpu) {
                cpu++;
                cpuLayers.merge(layer, 1, Integer::sum);
                if (!frames.isEmpty()) {
                    topFrames.merge(name(frames.get(0)), 1, Integer::sum);
                }
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String method = name(frame);
                    if (method.startsWith("dev.graphlaunch.") && seen.add(method)) {
                        gatewayMethods.merge(method, 1, Integer::sum);
                    }
                }
            } else {
                blocked++;
                nativeLayers.merge(layer, 1, Integer::sum);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "JFR during one %s phase (%s): %d CPU samples and %d"
                + " native (blocked) samples on request threads%n", phase, file, cpu, blocked));
        top(out, "CPU samples by thread (whole JVM: gateway, bench clients, relay)", threads, sum(threads), 8);
        top(out, "request threads, CPU samples by library (first frame from the top)", cpuLayers, cpu, 10);
        top(out, "request threads, native samples by library (waiting: socket reads etc.)", nativeLayers, blocked, 6);
        top(out, "request threads, hottest top frames", topFrames, cpu, 12);
        top(out, "request threads, gateway methods on the stack (inclusive)", gatewayMethods, cpu, 12);
        return out.toString();
    }

    private static String layerOf(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, String> layer : LAYERS.entrySet()) {
                if (type.startsWith(layer.getKey()) && !layer.getValue().equals("JDK")) {
                    return layer.getValue();
                }
            }
        }
        return "JDK only";
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static int sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static void top(StringBuilder out, String title, Map<String, Integer> counts, int total, int limit) {
        out.append("  ").append(title).append(":\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(entry -> out.append(String.format(Locale.ROOT, "    %5.1f%%  %s%n",
                        100.0 * entry.getValue() / Math.max(1, total), entry.getKey())));
    }
}
