package dev.graphlaunch.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority for TLS tests, made with the JDK's own {@code keytool}, so
 * tests need nothing installed and no crypto library on the classpath. Files are PEM, as operators
 * get them: the CA certificate, and per identity a certificate and a PKCS#8 key.
 */
public final class TestCertificates {
    private static final char[] PASSWORD = "test-only".toCharArray();

    private final Path dir;
    private final String name;

    private TestCertificates(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /** A certificate and its key, as files and as a key store for a server in the test. */
    public record Identity(Path certFile, Path keyFile, X509Certificate certificate, PrivateKey key, X509Certificate ca) {
        public KeyStore keyStore() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("identity", key, PASSWORD, new X509Certificate[] {certificate, ca});
                return store;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public static char[] password() {
            return PASSWORD.clone();
        }
    }

    /** A new CA named {@code name}, its files in {@code dir}. */
    public static TestCertificates authority(Path dir, String name) {
        TestCertificates ca = new TestCertificates(dir, name);
        ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.store("ca").toString());
        ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.store("ca").toString(),
                "-file", ca.caFile().toString());
        return ca;
    }

    public Path caFile() {
        return dir.resolve(name + "-ca.pem");
    }

    public X509Certificate caCertificate() {
        return readCertificates(caFile()).get(0);
    }

    /** A server certificate valid for the given subject alternative names, e.g. {@code ip:127.0.0.1,dns:localhost}. */
    public Identity server(String commonName, String subjectAlternativeNames) {
        return issue(commonName, "san=" + subjectAlternativeNames, "eku=serverAuth");
    }

    public Identity client(String commonName) {
        return issue(commonName, "eku=clientAuth");
    }

    private Identity issue(String commonName, String... extensions) {
        String alias = commonName.replaceAll("[^A-Za-z0-9]", "-");
        Path store = store(alias);
        Path request = dir.resolve(alias + ".csr");
        Path certFile = dir.resolve(alias + ".pem");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + commonName,
                "-validity", "2", "-keystore", store.toString());
        keytool("-certreq", "-alias", alias, "-keystore", store.toString(), "-file", request.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", store("ca").toString(),
                "-infile", request.toString(), "-outfile", certFile.toString(), "-rfc", "-validity", "2"));
        for (String extension : extensions) {
            gencert.addAll(List.of("-ext", extension));
        }
        keytool(gencert.toArray(String[]::new));
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASSWORD);
            }
            PrivateKey key = (PrivateKey) keys.getKey(alias, PASSWORD);
            Path keyFile = dir.resolve(alias + ".key");
            Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
            return new Identity(certFile, keyFile, readCertificates(certFile).get(0), key, caCertificate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path store(String alias) {
        return dir.resolve(name + "-" + alias + ".p12");
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-noprompt"));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<X509Certificate> readCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
