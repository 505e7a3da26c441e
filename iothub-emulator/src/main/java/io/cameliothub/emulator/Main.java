package io.cameliothub.emulator;

import io.cameliothub.emulator.core.AccessPolicy;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.DeviceRegistry;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.ModuleInfo;
import io.cameliothub.emulator.core.SasTokens;
import io.cameliothub.emulator.tls.TlsMaterialStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator on its own until interrupted. Flags (or the same keys in a properties file given with
 * {@code --config}): {@code --host}, {@code --bind}, {@code --mqtt-port}, {@code --amqp-port}, {@code --https-port},
 * {@code --event-loops} (Vert.x event loops serving connections; default the number of processors),
 * {@code --device id[:primaryKey]} (repeatable), {@code --module device/module} (repeatable), {@code --x509-device id}
 * and {@code --ca-device id} (repeatable: X.509 devices whose certificate and key are written to the out dir),
 * {@code --out dir}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        IotHubEmulator hub;
        try {
            hub = start(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("iothub-emulator: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hub.close();
            stopped.countDown();
        }, "iothub-emulator-shutdown"));
        hub.events().listen(e -> System.out.println("D2C " + e.identity() + " over " + e.protocol() + ": "
                + e.body().length + " bytes, system " + e.systemProperties().keySet() + ", application "
                + e.applicationProperties()));
        System.out.println("Type 'c2d <deviceId> <text>' to send a cloud-to-device message, 'fault' for fault injection;"
                + " Ctrl+C stops the hub.");
        Thread console = new Thread(() -> readCommands(hub, new BufferedReader(
                new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out), "iothub-emulator-console");
        console.setDaemon(true);
        console.start();
        stopped.await();
    }

    /** Console commands for a standalone hub: {@code c2d <deviceId>[/<moduleId>] <text>}, {@code fault ...}. */
    static void readCommands(IotHubEmulator hub, BufferedReader in, PrintStream out) {
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] parts = line.trim().split("\\s+", 3);
                if (parts.length == 0 || parts[0].isEmpty()) {
                    continue;
                }
                if (parts[0].equals("fault")) {
                    out.println(FaultCommands.run(hub, line));
                    continue;
                }
                if (!parts[0].equals("c2d") || parts.length < 2) {
                    out.println("commands: c2d <deviceId>[/<moduleId>] <text>");
                    out.println(FaultCommands.USAGE);
                    continue;
                }
                String text = parts.length == 3 ? parts[2] : "";
                String[] id = parts[1].split("/", 2);
                try {
                    C2dMessage m = C2dMessage.of(text);
                    String messageId = id.length == 2 ? hub.sendC2d(id[0], id[1], m) : hub.sendC2d(id[0], m);
                    out.println("queued C2D " + messageId + " for " + parts[1]);
                } catch (HubException e) {
                    out.println("refused: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            out.println("console closed: " + e.getMessage());
        }
    }

    /** Parses the arguments, starts the hub, writes the trust material and prints the connection strings. */
    public static IotHubEmulator start(String[] args, PrintStream out) throws IOException {
        Properties config = new Properties();
        List<String> devices = new ArrayList<>();
        List<String> modules = new ArrayList<>();
        List<String> x509Devices = new ArrayList<>();
        List<String> caDevices = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException("usage");
            }
            if (!flag.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--config" -> {
                    try (Reader r = Files.newBufferedReader(Path.of(value))) {
                        Properties file = new Properties();
                        file.load(r);
                        file.forEach((k, v) -> config.putIfAbsent(k, v));
                    }
                }
                case "--device" -> devices.add(value);
                case "--module" -> modules.add(value);
                case "--x509-device" -> x509Devices.add(value);
                case "--ca-device" -> caDevices.add(value);
                case "--host", "--bind", "--mqtt-port", "--amqp-port", "--https-port", "--event-loops", "--out" ->
                        config.setProperty(flag.substring(2), value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        split(config.getProperty("devices"), devices);
        split(config.getProperty("modules"), modules);
        split(config.getProperty("x509-devices"), x509Devices);
        split(config.getProperty("ca-devices"), caDevices);

        Path dir = Path.of(config.getProperty("out",
                Path.of(System.getProperty("java.io.tmpdir"), "iothub-emulator").toString()));
        String host = config.getProperty("host", IotHubEmulator.DEFAULT_HOST_NAME);
        TlsMaterialStore.Result tls = TlsMaterialStore.loadOrGenerate(dir, host);
        IotHubEmulatorBuilder builder = IotHubEmulator.builder()
                .tls(tls.tls())
                .hostName(host)
                .bindAddress(config.getProperty("bind", "127.0.0.1"))
                .mqttPort(port(config, "mqtt-port", IotHubEmulator.DEFAULT_MQTT_PORT))
                .amqpPort(port(config, "amqp-port", IotHubEmulator.DEFAULT_AMQP_PORT))
                .httpsPort(port(config, "https-port", IotHubEmulator.DEFAULT_HTTPS_PORT))
                .eventLoops(eventLoops(config));
        IotHubEmulator hub = builder.start();
        try {
            DeviceRegistry registry = hub.registry();
            List<String> lines = new ArrayList<>();
            for (String spec : devices) {
                int colon = spec.indexOf(':');
                String id = colon < 0 ? spec : spec.substring(0, colon);
                String key = colon < 0 ? config.getProperty("device." + id + ".key") : spec.substring(colon + 1);
                DeviceInfo d = key == null ? registry.addDevice(id) : registry.addDevice(id, key, DeviceRegistry.generateKey());
                lines.add("device " + id + ": " + d.connectionString());
            }
            for (String spec : modules) {
                String[] parts = spec.split("/", 2);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("--module takes device/module, got " + spec);
                }
                registry.device(parts[0]).orElseGet(() -> registry.addDevice(parts[0]));
                ModuleInfo m = registry.addModule(parts[0], parts[1]);
                lines.add("module " + spec + ": " + m.connectionString());
            }
            for (String id : x509Devices) {
                lines.add(X509Files.write(hub, id, hub.addX509Device(id), dir));
            }
            for (String id : caDevices) {
                lines.add(X509Files.write(hub, id, hub.addCaDevice(id), dir));
            }
            if (!caDevices.isEmpty()) {
                Path ca = dir.resolve("device-ca.pem");
                Files.writeString(ca, hub.verifiedCa().certificatePem(), StandardCharsets.US_ASCII);
                lines.add("verified device CA (PEM): " + ca.toAbsolutePath());
            }
            Path pem = dir.resolve(TlsMaterialStore.CERTIFICATE_FILE);
            Path trustStore = dir.resolve(TlsMaterialStore.TRUST_STORE_FILE);

            out.println("IoT Hub emulator " + hub.hostName() + " on " + hub.bindAddress() + ", " + hub.eventLoops()
                    + " event loop(s)");
            out.println("  MQTT (TLS):                 " + hub.mqttPort());
            out.println("  AMQP (TLS):                 " + hub.amqpPort());
            out.println("  HTTPS / MQTT and AMQP over WebSocket: " + hub.httpsPort() + " (path /$iothub/websocket)");
            out.println("  CA certificate (PEM):       " + pem.toAbsolutePath() + " (" + tls.reason() + ")");
            out.println("  trust store (PKCS12):       " + trustStore.toAbsolutePath() + " (password "
                    + io.cameliothub.emulator.tls.TlsMaterial.TRUST_STORE_PASSWORD + ")");
            lines.forEach(l -> out.println("  " + l));
            out.println("  service (iothubowner):      " + hub.serviceConnectionString());
            out.println("  service (service policy):   " + hub.serviceConnectionString("service"));
            AccessPolicy owner = registry.policy(DeviceRegistry.OWNER_POLICY).orElseThrow();
            out.println("  iothubowner SAS token for REST calls (24 h): " + SasTokens.create(hub.hostName(),
                    owner.primaryKey(), owner.name(), Duration.ofHours(24), Clock.systemUTC()));
            return hub;
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    private static int port(Properties config, String key, int fallback) {
        String v = config.getProperty(key);
        try {
            return v == null ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a port number: " + v);
        }
    }

    private static int eventLoops(Properties config) {
        String v = config.getProperty("event-loops");
        if (v == null) {
            return IotHubEmulatorBuilder.defaultEventLoops();
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1 && n <= IotHubEmulatorBuilder.MAX_EVENT_LOOPS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("event-loops must be a whole number from 1 to "
                + IotHubEmulatorBuilder.MAX_EVENT_LOOPS + ", was " + v);
    }

    private static void split(String csv, List<String> into) {
        if (csv != null) {
            for (String s : csv.split(",")) {
                if (!s.isBlank()) {
                    into.add(s.trim());
                }
            }
        }
    }

    static String usage() {
        return """
                usage: iothub-emulator [--host hub.iothub.test] [--bind 127.0.0.1] [--mqtt-port 8883] [--amqp-port 5671]
                                       [--https-port 443] [--event-loops <processors>]
                                       [--device id[:base64PrimaryKey]]... [--module device/module]...
                                       [--x509-device id]... [--ca-device id]...
                                       [--out dir-for-ca.pem-and-truststore.p12] [--config file.properties]
                  properties file keys: host, bind, mqtt-port, amqp-port, https-port, event-loops, out, devices=a,b,
                                        modules=a/m1,
                                        x509-devices=a,b, ca-devices=a,b,
                                        device.<id>.key=<base64 primary key>; a port of 0 picks a free port
                  an X.509 device's certificate and key go to <out>/<id>.pem, <id>.key.pem and <id>.p12""";
    }
}
