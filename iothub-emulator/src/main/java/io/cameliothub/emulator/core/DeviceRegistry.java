package io.cameliothub.emulator.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Devices, their modules and the hub's shared access policies ({@code iothubowner}, {@code service}, {@code device},
 * {@code registryRead}, {@code registryReadWrite} with IoT Hub's default rights). Each identity has an ETag that changes
 * with every change of it. Thread-safe: reads are lock-free, every change takes the registry's monitor (requests on
 * several event loops may change one identity at once).
 */
public final class DeviceRegistry {

    public static final String DEFAULT_DEVICE_POLICY = "device";
    public static final String OWNER_POLICY = "iothubowner";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String hostName;
    private final Map<String, DeviceInfo> devices = new ConcurrentHashMap<>();
    private final Map<Identity, ModuleInfo> modules = new ConcurrentHashMap<>();
    private final Map<String, AccessPolicy> policies = new ConcurrentHashMap<>();
    private final List<Consumer<Identity>> revocationListeners = new CopyOnWriteArrayList<>();
    private final IdentityRecords records;

    public DeviceRegistry(String hostName) {
        this(hostName, Clock.systemUTC());
    }

    public DeviceRegistry(String hostName, Clock clock) {
        this.hostName = hostName;
        this.records = new IdentityRecords(clock);
        addPolicy(OWNER_POLICY, EnumSet.allOf(AccessPolicy.Right.class));
        addPolicy("service", EnumSet.of(AccessPolicy.Right.SERVICE_CONNECT));
        addPolicy(DEFAULT_DEVICE_POLICY, EnumSet.of(AccessPolicy.Right.DEVICE_CONNECT));
        addPolicy("registryRead", EnumSet.of(AccessPolicy.Right.REGISTRY_READ));
        addPolicy("registryReadWrite", EnumSet.of(AccessPolicy.Right.REGISTRY_READ, AccessPolicy.Right.REGISTRY_WRITE));
    }

    public static String generateKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public DeviceInfo addDevice(String deviceId) {
        return addDevice(deviceId, generateKey(), generateKey());
    }

    /** @throws HubException 409001 when the device exists */
    public synchronized DeviceInfo addDevice(String deviceId, String primaryKey, String secondaryKey) {
        checkKey(primaryKey);
        checkKey(secondaryKey);
        DeviceInfo info = new DeviceInfo(hostName, deviceId, primaryKey, secondaryKey, true, generation());
        if (devices.putIfAbsent(deviceId, info) != null) {
            throw new HubException(IotHubError.DEVICE_ALREADY_EXISTS, "device " + deviceId + " exists");
        }
        records.created(info.identity());
        return info;
    }

    public ModuleInfo addModule(String deviceId, String moduleId) {
        return addModule(deviceId, moduleId, generateKey(), generateKey());
    }

    public synchronized ModuleInfo addModule(String deviceId, String moduleId, String primaryKey, String secondaryKey) {
        device(deviceId).orElseThrow(() -> notFound(deviceId));
        checkKey(primaryKey);
        checkKey(secondaryKey);
        ModuleInfo info = new ModuleInfo(hostName, deviceId, moduleId, primaryKey, secondaryKey, generation());
        if (modules.putIfAbsent(Identity.module(deviceId, moduleId), info) != null) {
            throw new HubException(IotHubError.MODULE_ALREADY_EXISTS, "module " + deviceId + "/" + moduleId + " exists");
        }
        records.created(info.identity());
        return info;
    }

    /** Disabling a device also closes its live connections and those of its modules. */
    public synchronized DeviceInfo setEnabled(String deviceId, boolean enabled) {
        DeviceInfo updated = devices.computeIfPresent(deviceId, (id, d) -> new DeviceInfo(d.hostName(), d.deviceId(),
                d.primaryKey(), d.secondaryKey(), enabled, d.generationId()));
        if (updated == null) {
            throw notFound(deviceId);
        }
        records.changed(updated.identity(), null, true);
        if (!enabled) {
            revoked(Identity.device(deviceId));
        }
        return updated;
    }

    public synchronized void removeDevice(String deviceId) {
        if (devices.remove(deviceId) == null) {
            throw notFound(deviceId);
        }
        modules.keySet().removeIf(id -> id.deviceId().equals(deviceId));
        records.removeDevice(deviceId);
        revoked(Identity.device(deviceId));
    }

    /**
     * Replaces a device's keys and status if its ETag matches {@code ifMatch} ({@code *} or null matches any).
     *
     * @param statusReason kept with the status (IoT Hub's {@code statusReason}), may be null
     * @throws HubException 404001 unknown device, 412001 ETag mismatch, 400004 bad key
     */
    public synchronized DeviceInfo updateDevice(String deviceId, String primaryKey, String secondaryKey, boolean enabled,
                                                String statusReason, String ifMatch) {
        DeviceInfo d = device(deviceId).orElseThrow(() -> notFound(deviceId));
        checkKey(primaryKey);
        checkKey(secondaryKey);
        records.checkEtag(d.identity(), ifMatch);
        DeviceInfo updated = new DeviceInfo(hostName, deviceId, primaryKey, secondaryKey, enabled, d.generationId());
        devices.put(deviceId, updated);
        records.changed(d.identity(), statusReason, d.enabled() != enabled);
        if (!enabled) {
            revoked(d.identity());
        }
        return updated;
    }

    /** Removes a device (and its modules) if its ETag matches. @throws HubException 404001, 412001 */
    public synchronized void removeDevice(String deviceId, String ifMatch) {
        DeviceInfo d = device(deviceId).orElseThrow(() -> notFound(deviceId));
        records.checkEtag(d.identity(), ifMatch);
        removeDevice(deviceId);
    }

    /** Replaces a module's keys if its ETag matches. @throws HubException 404001/404010, 412001, 400004 */
    public synchronized ModuleInfo updateModule(String deviceId, String moduleId, String primaryKey, String secondaryKey,
                                                String ifMatch) {
        ModuleInfo m = existingModule(deviceId, moduleId);
        checkKey(primaryKey);
        checkKey(secondaryKey);
        records.checkEtag(m.identity(), ifMatch);
        ModuleInfo updated = new ModuleInfo(hostName, deviceId, moduleId, primaryKey, secondaryKey, m.generationId());
        modules.put(m.identity(), updated);
        records.changed(m.identity(), null, false);
        return updated;
    }

    /** Removes a module if its ETag matches; its connection ends. @throws HubException 404001/404010, 412001 */
    public synchronized void removeModule(String deviceId, String moduleId, String ifMatch) {
        ModuleInfo m = existingModule(deviceId, moduleId);
        records.checkEtag(m.identity(), ifMatch);
        modules.remove(m.identity());
        records.remove(m.identity());
        revoked(m.identity());
    }

    /** The identity's ETag (Base64 of a version number, as IoT Hub's look), or empty when unknown. */
    public Optional<String> etag(Identity identity) {
        return exists(identity) ? Optional.of(records.etag(identity)) : Optional.empty();
    }

    /** The {@code statusReason} given with the last status change, or null. */
    public String statusReason(String deviceId) {
        return records.statusReason(Identity.device(deviceId));
    }

    /** When the device's status last changed (creation counts). */
    public java.time.Instant statusUpdatedTime(String deviceId) {
        return records.statusUpdated(Identity.device(deviceId));
    }

    private ModuleInfo existingModule(String deviceId, String moduleId) {
        device(deviceId).orElseThrow(() -> notFound(deviceId));
        return module(deviceId, moduleId).orElseThrow(() -> new HubException(IotHubError.MODULE_NOT_FOUND,
                "module " + deviceId + "/" + moduleId + " not found"));
    }

    public Optional<DeviceInfo> device(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }

    public Optional<ModuleInfo> module(String deviceId, String moduleId) {
        return Optional.ofNullable(modules.get(Identity.module(deviceId, moduleId)));
    }

    public List<DeviceInfo> devices() {
        return new ArrayList<>(devices.values());
    }

    public List<ModuleInfo> modules(String deviceId) {
        return modules.values().stream().filter(m -> m.deviceId().equals(deviceId)).toList();
    }

    public boolean exists(Identity identity) {
        DeviceInfo d = devices.get(identity.deviceId());
        return d != null && (!identity.isModule() || modules.containsKey(identity));
    }

    /** Whether the identity exists and its device is enabled. */
    public boolean isEnabled(Identity identity) {
        DeviceInfo d = devices.get(identity.deviceId());
        return d != null && d.enabled() && (!identity.isModule() || modules.containsKey(identity));
    }

    /** Primary and secondary key of a device or module, or empty if unknown. */
    public Optional<String[]> keys(Identity identity) {
        if (identity.isModule()) {
            return module(identity.deviceId(), identity.moduleId()).map(m -> new String[] {m.primaryKey(), m.secondaryKey()});
        }
        return device(identity.deviceId()).map(d -> new String[] {d.primaryKey(), d.secondaryKey()});
    }

    public AccessPolicy addPolicy(String name, EnumSet<AccessPolicy.Right> rights) {
        AccessPolicy p = new AccessPolicy(name, generateKey(), generateKey(), rights);
        policies.put(name, p);
        return p;
    }

    public Optional<AccessPolicy> policy(String name) {
        return Optional.ofNullable(policies.get(name));
    }

    public String hostName() {
        return hostName;
    }

    /** Called with a device identity whose connections must end (disabled or removed). */
    public void onRevoked(Consumer<Identity> listener) {
        revocationListeners.add(listener);
    }

    private void revoked(Identity identity) {
        revocationListeners.forEach(l -> l.accept(identity));
    }

    private static String generation() {
        return Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()) % 1_000_000_000_000_000L);
    }

    private static void checkKey(String key) {
        try {
            if (Base64.getDecoder().decode(key).length < 16) {
                throw new IllegalArgumentException("a symmetric key needs at least 16 bytes");
            }
        } catch (IllegalArgumentException e) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "symmetric key is not valid base64 of 16-64 bytes");
        }
    }

    private static HubException notFound(String deviceId) {
        return new HubException(IotHubError.DEVICE_NOT_FOUND, "device " + deviceId + " not found");
    }
}
