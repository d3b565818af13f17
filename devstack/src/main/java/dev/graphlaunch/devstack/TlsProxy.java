package dev.graphlaunch.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS-terminating TCP proxy in front of a plaintext server (the Temporal dev server has no TLS):
 * what a TLS frontend of a Temporal cluster looks like to a client. It offers ALPN {@code h2}, as gRPC
 * requires, and, given a client CA, demands a client certificate signed by it (mutual TLS). It
 * remembers the subject of every client certificate it accepted.
 */
public final class TlsProxy implements AutoCloseable {
    private final TestCertificates.Identity identity;
    private final X509Certificate clientCa;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<String> clientSubjects = new CopyOnWriteArrayList<>();
    private final List<String> handshakeFailures = new CopyOnWriteArrayList<>();
    private final int port;
    private volatile SSLServerSocket server;

    private TlsProxy(String target, TestCertificates.Identity identity, X509Certificate clientCa) {
        this.identity = identity;
        this.clientCa = clientCa;
        this.targetHost = target.substring(0, target.lastIndexOf(':'));
        this.targetPort = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
        listen(0);
        this.port = server.getLocalPort();
    }

    /**
     * @param target the plaintext {@code host:port} behind the proxy
     * @param identity the server's certificate and key
     * @param clientCa null: no client certificate asked for; else one signed by it is required
     */
    public static TlsProxy start(String target, TestCertificates.Identity identity, X509Certificate clientCa) {
        return new TlsProxy(target, identity, clientCa);
    }

    /** A fresh TLS context each time: no session of an earlier one can be resumed. */
    private void listen(int onPort) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity.keyStore(), TestCertificates.Identity.password());
            TrustManagerFactory trust = null;
            if (clientCa != null) {
                KeyStore cas = KeyStore.getInstance("PKCS12");
                cas.load(null, null);
                cas.setCertificateEntry("client-ca", clientCa);
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(cas);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2"});
            parameters.setNeedClientAuth(clientCa != null);
            socket.setSSLParameters(parameters);
            server = socket;
            Thread acceptor = new Thread(() -> accept(socket), "tls-proxy-" + socket.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Subjects of the client certificates of the connections accepted so far, oldest first. */
    public List<String> clientSubjects() {
        return List.copyOf(clientSubjects);
    }

    /** Why handshakes failed, as the server side saw it. */
    public List<String> handshakeFailures() {
        return List.copyOf(handshakeFailures);
    }

    /** Cuts every open connection, so clients reconnect. */
    public void dropConnections() {
        open.forEach(TlsProxy::closeQuietly);
        open.clear();
    }

    /**
     * Cuts every connection and forgets every TLS session, so clients reconnect with a full
     * handshake (a resumed session would carry the client certificate it was made with).
     */
    public void dropConnectionsAndSessions() {
        closeServer();
        dropConnections();
        listen(port);
    }

    private void accept(SSLServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                SSLSocket client = (SSLSocket) socket.accept();
                Thread connection = new Thread(() -> relay(client), "tls-proxy-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(SSLSocket client) {
        open.add(client);
        try {
            client.startHandshake();
            Certificate[] presented = peerCertificates(client);
            if (presented.length > 0) {
                clientSubjects.add(((X509Certificate) presented[0]).getSubjectX500Principal().getName());
            }
        } catch (IOException e) {
            handshakeFailures.add(String.valueOf(e.getMessage()));
            closeQuietly(client);
            open.remove(client);
            return;
        }
        try {
            Socket upstream = new Socket(targetHost, targetPort);
            open.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private static Certificate[] peerCertificates(SSLSocket socket) {
        try {
            return socket.getSession().getPeerCertificates();
        } catch (IOException noClientCertificate) {
            return new Certificate[0];
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException | RuntimeException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tls-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException | RuntimeException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closeServer();
        dropConnections();
    }

    private void closeServer() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
