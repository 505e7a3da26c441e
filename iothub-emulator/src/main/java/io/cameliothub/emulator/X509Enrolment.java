package io.cameliothub.emulator;

import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.X509Credentials;
import io.cameliothub.emulator.tls.CertificateAuthority;
import io.cameliothub.emulator.tls.ClientCertificate;

/** Registers certificate-authenticated devices and modules, and holds the emulator's verified test CA. */
final class X509Enrolment {

    private final HubCore core;
    private CertificateAuthority verifiedCa;

    X509Enrolment(HubCore core) {
        this.core = core;
    }

    ClientCertificate selfSignedDevice(String deviceId) {
        ClientCertificate cert = CertificateAuthority.selfSigned(deviceId);
        core.registry().addDevice(deviceId);
        core.x509().register(Identity.device(deviceId), X509Credentials.Type.SELF_SIGNED, cert.thumbprint(), null);
        return cert;
    }

    ClientCertificate selfSignedModule(String deviceId, String moduleId) {
        ClientCertificate cert = CertificateAuthority.selfSigned(moduleId);
        core.registry().addModule(deviceId, moduleId);
        core.x509().register(Identity.module(deviceId, moduleId), X509Credentials.Type.SELF_SIGNED,
                cert.thumbprint(), null);
        return cert;
    }

    ClientCertificate caSignedDevice(String deviceId) {
        ClientCertificate cert = verifiedCa().issue(deviceId);
        core.registry().addDevice(deviceId);
        core.x509().register(Identity.device(deviceId), X509Credentials.Type.CERTIFICATE_AUTHORITY, null, null);
        return cert;
    }

    synchronized CertificateAuthority verifiedCa() {
        if (verifiedCa == null) {
            verifiedCa = CertificateAuthority.generate(core.hostName() + " device CA");
            core.x509().addVerifiedCa(verifiedCa.certificate());
        }
        return verifiedCa;
    }
}
