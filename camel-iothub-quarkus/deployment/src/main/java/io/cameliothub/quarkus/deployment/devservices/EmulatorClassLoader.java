package io.cameliothub.quarkus.deployment.devservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds the emulator with its own Vert.x 5 and Netty 4.2, which cannot share a class loader with Quarkus's Vert.x 4.5
 * and Netty 4.1 (same package names). Its parent is the platform class loader, so nothing of the application leaks in,
 * with two exceptions: {@code org.slf4j} comes from the Dev Service's side, so the emulator logs through Quarkus's
 * logging, and the bridge classes (the {@code hub} package) are defined here from bytes read at construction, so
 * they link against this loader's emulator classes.
 */
final class EmulatorClassLoader extends URLClassLoader {

    static final String BRIDGE_PACKAGE = "io.cameliothub.quarkus.deployment.devservices.hub.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader logging;
    private final Map<String, byte[]> bridge = new HashMap<>();

    EmulatorClassLoader(List<URL> classpath, ClassLoader logging, List<Class<?>> bridgeClasses) {
        super("iothub-emulator", classpath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        this.logging = logging;
        for (Class<?> c : bridgeClasses) {
            String resource = c.getName().replace('.', '/') + ".class";
            try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("cannot read " + resource);
                }
                bridge.put(c.getName(), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("org.slf4j.") && logging != null) {
            return logging.loadClass(name);
        }
        if (name.startsWith(BRIDGE_PACKAGE)) {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes = bridge.get(name);
                    if (bytes == null) {
                        throw new ClassNotFoundException(name);
                    }
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                return c;
            }
        }
        return super.loadClass(name, resolve);
    }
}
