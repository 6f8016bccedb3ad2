package io.jitprov.core.wiring;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS for the outbound tests: a self-signed key store made by the JDK's keytool, and contexts from it. */
final class AttackSupport {

    private AttackSupport() {
    }

    /** A PKCS12 store (password changeit) with a key and certificate for {@code san}, e.g. "ip:127.0.0.1,dns:x". */
    static Path keyStore(Path dir, String san) throws Exception {
        Path store = dir.resolve("server-" + Integer.toHexString(san.hashCode()) + ".p12");
        if (!Files.exists(store)) {
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=" + san, "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
                    .redirectErrorStream(true).start();
            try (InputStream out = keytool.getInputStream()) {
                out.readAllBytes();
            }
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed");
            }
        }
        return store;
    }

    /** Server and client side at once: the store's key, and trust in its certificate. */
    static SSLContext context(Path store) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, "changeit".toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
