package io.cameliothub.component;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transport rule, checked on the compiled classes: nothing under {@code io.cameliothub.component.transport}
 * refers to Camel ({@code org.apache.camel}) or to a class of the component's top-level package. Reads each class
 * file's constant pool, where every class, field and method the class refers to is named.
 */
class TransportRuleTest {

    private static final Pattern COMPONENT_TOP_LEVEL = Pattern.compile("io/cameliothub/component/[A-Z][\\w$]*");

    @Test
    void theTransportLayerIsFreeOfCamelAndOfTheComponent() throws Exception {
        Path classes = Path.of(IotHubComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path transport = classes.resolve("io/cameliothub/component/transport");
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(transport)) {
            classFiles = files.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertThat(classFiles).as("compiled transport classes").hasSizeGreaterThan(30);

        TreeSet<String> violations = new TreeSet<>();
        for (Path file : classFiles) {
            for (String entry : utf8Constants(file)) {
                if (entry.contains("org/apache/camel/") || COMPONENT_TOP_LEVEL.matcher(entry).find()) {
                    violations.add(classes.relativize(file) + " -> " + entry);
                }
            }
        }
        assertThat(violations).as("references from the transport layer to Camel or the component").isEmpty();
    }

    @Test
    void theCheckSeesAReferenceToTheComponent() throws Exception {
        // the rule must be able to fail: the component class itself refers to Camel
        Path classes = Path.of(IotHubComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> constants = utf8Constants(classes.resolve("io/cameliothub/component/IotHubComponent.class"));
        assertThat(constants).anyMatch(c -> c.contains("org/apache/camel/"));
    }

    /** The CONSTANT_Utf8 entries of a class file's constant pool (JVMS 4.4). */
    static List<String> utf8Constants(Path classFile) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException(classFile + " is not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> out.add(in.readUTF());
                    case 3, 4 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++; // long and double take two entries
                    }
                    case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                    case 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 15 -> in.skipBytes(3);
                    default -> throw new IOException("Unknown constant pool tag " + tag + " in " + classFile);
                }
            }
        }
        return out;
    }
}
