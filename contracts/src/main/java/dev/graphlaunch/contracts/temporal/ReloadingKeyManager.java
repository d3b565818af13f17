package dev.graphlaunch.contracts.temporal;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client certificate for mutual TLS, read from PEM files and read again at the next TLS
 * handshake after either file changed on disk, so a rotated certificate is used without a restart.
 * Existing connections keep the certificate they were opened with until they reconnect. A pair
 * caught half-written (key and certificate that do not belong together) is not used: the previous
 * pair stays until the files are consistent again.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final Logger log = LoggerFactory.getLogger(ReloadingKeyManager.class);
    private static final String ALIAS = "temporal-client";

    private final Path certFile;
    private final Path keyFile;
    private volatile KeyPairFiles current;

    ReloadingKeyManager(Path certFile, Path keyFile) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.current = KeyPairFiles.read(certFile, keyFile);
    }

    private record KeyPairFiles(FileTime certTime, FileTime keyTime, X509Certificate[] chain, PrivateKey key) {

        static KeyPairFiles read(Path certFile, Path keyFile) {
            try {
                FileTime certTime = Files.getLastModifiedTime(certFile);
                FileTime keyTime = Files.getLastModifiedTime(keyFile);
                X509Certificate[] chain = certificates(certFile);
                PrivateKey key = privateKey(keyFile, chain[0].getPublicKey().getAlgorithm());
                requireSamePair(chain[0], key, certFile, keyFile);
                return new KeyPairFiles(certTime, keyTime, chain, key);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the Temporal client certificate " + certFile + " or key "
                        + keyFile + ": " + e.getMessage(), e);
            }
        }

        boolean changedOnDisk(Path certFile, Path keyFile) {
            try {
                return !certTime.equals(Files.getLastModifiedTime(certFile))
                        || !keyTime.equals(Files.getLastModifiedTime(keyFile));
            } catch (IOException e) {
                return false; // mid-rotation (file replaced by rename): try again at the next handshake
            }
        }
    }

    private KeyPairFiles current() {
        KeyPairFiles loaded = current;
        if (loaded.changedOnDisk(certFile, keyFile)) {
            synchronized (this) {
                if (current == loaded) {
                    try {
                        current = KeyPairFiles.read(certFile, keyFile);
                        log.info("Temporal client certificate re-read from {}: {}", certFile,
                                current.chain()[0].getSubjectX500Principal().getName());
                    } catch (IllegalArgumentException e) {
                        log.warn("kept the previous Temporal client certificate: {}", e.getMessage());
                    }
                }
            }
        }
        return current;
    }

    private static X509Certificate[] certificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            X509Certificate[] chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
            if (chain.length == 0) {
                throw new IllegalArgumentException("no certificate in " + file);
            }
            return chain;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static PrivateKey privateKey(Path file, String algorithm) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("the Temporal client key " + file + " is not an unencrypted PKCS#8 PEM key"
                    + " (-----BEGIN PRIVATE KEY-----); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        String base64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"))
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the " + algorithm + " key in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Signs a probe with the key and checks it with the certificate: a mismatched pair fails every handshake. */
    private static void requireSamePair(X509Certificate certificate, PrivateKey key, Path certFile, Path keyFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        try {
            byte[] probe = "temporal-client-key-check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException("the Temporal client key " + keyFile + " does not belong to the certificate "
                        + certFile);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot check the Temporal client key " + keyFile + " against " + certFile
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        current();
        return ALIAS;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        current();
        return ALIAS;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? current.chain().clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? current.key() : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
