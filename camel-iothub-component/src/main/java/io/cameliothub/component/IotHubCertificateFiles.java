package io.cameliothub.component;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * A device's X.509 client certificate taken from files: PEM certificate and private key (certificateFile and
 * privateKeyFile), or a PKCS12 key store (keyStoreFile and keyStorePassword). Checks the option combination when the
 * endpoint is created, and the files' content each time it loads them; every error names the option and the file, and
 * none shows the password ({@link #toString()} neither).
 */
record IotHubCertificateFiles(Path certificateFile, Path privateKeyFile, Path keyStoreFile, char[] keyStorePassword) {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");
    private static final char[] IN_MEMORY = "iothub-device".toCharArray();

    /** The file options of {@code config}, checked for consistency, or null when none is set. */
    static IotHubCertificateFiles resolve(IotHubConfiguration config) {
        String cert = config.getCertificateFile();
        String key = config.getPrivateKeyFile();
        String store = config.getKeyStoreFile();
        String password = config.getKeyStorePassword();
        if (cert == null && key == null && store == null) {
            if (password != null) {
                throw new IllegalArgumentException("keyStorePassword is set but keyStoreFile is missing");
            }
            return null;
        }
        if (store != null && (cert != null || key != null)) {
            throw new IllegalArgumentException("keyStoreFile and certificateFile/privateKeyFile are both set: give the "
                                               + "device's certificate one way (a PKCS12 key store, or PEM files)");
        }
        if (store == null && cert == null) {
            throw new IllegalArgumentException("privateKeyFile is set but certificateFile is missing: give the PEM file "
                                               + "with the device's certificate too");
        }
        if (store == null && key == null) {
            throw new IllegalArgumentException("certificateFile is set but privateKeyFile is missing: give the PEM file "
                                               + "with the certificate's private key too");
        }
        if (store == null && password != null) {
            throw new IllegalArgumentException("keyStorePassword is set but keyStoreFile is missing (PEM keys in "
                                               + "privateKeyFile must be unencrypted PKCS#8)");
        }
        if (config.isGateway()) {
            throw new IllegalArgumentException("certificateFile and keyStoreFile cannot be used with gateway=true: a "
                                               + "certificate is the identity of one device");
        }
        if (config.getSslContextParameters() != null && config.getSslContextParameters().getKeyManagers() != null) {
            throw new IllegalArgumentException((store != null ? "keyStoreFile" : "certificateFile")
                                               + " and the key managers of sslContextParameters both give a client "
                                               + "certificate: configure one (sslContextParameters may still give the "
                                               + "trust managers)");
        }
        return new IotHubCertificateFiles(path("certificateFile", cert), path("privateKeyFile", key),
                path("keyStoreFile", store), password == null ? new char[0] : password.toCharArray());
    }

    private static Path path(String option, String value) {
        if (value == null) {
            return null;
        }
        String text = value.startsWith("file:") ? value.substring("file:".length()) : value;
        try {
            return Path.of(text).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(option + " '" + value + "' is not a file path");
        }
    }

    /** The files to watch for a rotated certificate. */
    List<Path> files() {
        return keyStoreFile != null ? List.of(keyStoreFile) : List.of(certificateFile, privateKeyFile);
    }

    /** The option names, for messages. */
    String options() {
        return keyStoreFile != null ? "keyStoreFile" : "certificateFile/privateKeyFile";
    }

    /**
     * Loads the key and certificate chain and checks them: readable, the key matches the certificate, the certificate
     * valid at {@code now}.
     */
    KeyManager[] keyManagers(Instant now) {
        PrivateKey key;
        X509Certificate[] chain;
        if (keyStoreFile != null) {
            KeyStore loaded = loadPkcs12();
            String alias = keyAlias(loaded);
            try {
                key = (PrivateKey) loaded.getKey(alias, keyStorePassword);
                chain = toX509(loaded.getCertificateChain(alias));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("keyStoreFile " + keyStoreFile + ": its key entry cannot be read "
                                                   + "with keyStorePassword (" + e.getClass().getSimpleName() + ")");
            }
            checkValid("keyStoreFile " + keyStoreFile, chain[0], now);
        } else {
            chain = readCertificates();
            key = readPrivateKey();
            checkValid("certificateFile " + certificateFile, chain[0], now);
            checkPair(key, chain[0]);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("device", key, IN_MEMORY, chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, IN_MEMORY);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(options() + ": the key and certificate cannot be used for TLS ("
                                               + e.getMessage() + ")", e);
        }
    }

    private KeyStore loadPkcs12() {
        byte[] bytes = read("keyStoreFile", keyStoreFile);
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, keyStorePassword);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // the JDK's message only ("keystore password was incorrect"): never the password
            throw new IllegalArgumentException("keyStoreFile " + keyStoreFile + " cannot be opened with keyStorePassword "
                                               + "(wrong password, or not a PKCS12 file): " + e.getMessage());
        }
    }

    private String keyAlias(KeyStore store) {
        List<String> keys = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("keyStoreFile " + keyStoreFile + " cannot be read: " + e.getMessage());
        }
        if (keys.size() != 1) {
            throw new IllegalArgumentException("keyStoreFile " + keyStoreFile + " holds " + keys.size()
                                               + " private key entries: expected exactly one, the device's");
        }
        return keys.get(0);
    }

    private X509Certificate[] readCertificates() {
        List<byte[]> blocks = pemBlocks("certificateFile", certificateFile, "CERTIFICATE");
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("certificateFile " + certificateFile + " holds no PEM certificate "
                                               + "(-----BEGIN CERTIFICATE-----)");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate[] chain = new X509Certificate[blocks.size()];
            for (int i = 0; i < chain.length; i++) {
                chain[i] = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(blocks.get(i)));
            }
            return chain;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("certificateFile " + certificateFile + " holds a certificate that cannot "
                                               + "be parsed: " + e.getMessage());
        }
    }

    private PrivateKey readPrivateKey() {
        String text = new String(read("privateKeyFile", privateKeyFile), StandardCharsets.US_ASCII);
        List<byte[]> pkcs8 = pemBlocks(text, "PRIVATE KEY");
        if (pkcs8.isEmpty()) {
            String found = text.contains("BEGIN RSA PRIVATE KEY") ? "a PKCS#1 RSA key"
                    : text.contains("BEGIN EC PRIVATE KEY") ? "a SEC1 EC key"
                    : text.contains("BEGIN ENCRYPTED PRIVATE KEY") ? "an encrypted key" : "no private key";
            throw new IllegalArgumentException("privateKeyFile " + privateKeyFile + " holds " + found + ": expected an "
                                               + "unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----); convert it with "
                                               + "openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8.pem");
        }
        for (String algorithm : new String[] { "RSA", "EC", "Ed25519", "Ed448" }) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8.get(0)));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("privateKeyFile " + privateKeyFile + " holds a PKCS#8 key that is neither "
                                           + "RSA, EC nor EdDSA, or is damaged");
    }

    private void checkPair(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException("privateKeyFile " + privateKeyFile + " is not the private key of the "
                                               + "certificate in certificateFile " + certificateFile + " ("
                                               + certificate.getSubjectX500Principal().getName() + ")");
        }
    }

    private static void checkValid(String source, X509Certificate leaf, Instant now) {
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            throw new IllegalArgumentException(source + ": the certificate " + leaf.getSubjectX500Principal().getName()
                                               + " expired at " + leaf.getNotAfter().toInstant());
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            throw new IllegalArgumentException(source + ": the certificate " + leaf.getSubjectX500Principal().getName()
                                               + " is not valid before " + leaf.getNotBefore().toInstant());
        }
    }

    private static X509Certificate[] toX509(Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            throw new IllegalArgumentException("the key entry has no certificate chain");
        }
        X509Certificate[] out = new X509Certificate[chain.length];
        for (int i = 0; i < chain.length; i++) {
            out[i] = (X509Certificate) chain[i];
        }
        return out;
    }

    private static List<byte[]> pemBlocks(String option, Path file, String type) {
        return pemBlocks(new String(read(option, file), StandardCharsets.US_ASCII), type);
    }

    private static List<byte[]> pemBlocks(String text, String type) {
        List<byte[]> blocks = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                blocks.add(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return blocks;
    }

    private static byte[] read(String option, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " " + file + " does not exist or is not a file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + " cannot be read: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IotHubCertificateFiles f && java.util.Objects.equals(certificateFile, f.certificateFile)
               && java.util.Objects.equals(privateKeyFile, f.privateKeyFile)
               && java.util.Objects.equals(keyStoreFile, f.keyStoreFile)
               && java.util.Arrays.equals(keyStorePassword, f.keyStorePassword);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(certificateFile, privateKeyFile, keyStoreFile);
    }

    @Override
    public String toString() {
        return "IotHubCertificateFiles[" + (keyStoreFile != null ? "keyStoreFile=" + keyStoreFile
                : "certificateFile=" + certificateFile + ", privateKeyFile=" + privateKeyFile) + "]";
    }
}
