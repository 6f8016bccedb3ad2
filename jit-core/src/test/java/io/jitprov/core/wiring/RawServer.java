package io.jitprov.core.wiring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/** A socket server on one loopback address whose every connection is handed to a handler; counts connections. */
final class RawServer implements AutoCloseable {

    interface Handler {
        void handle(Socket socket, String request) throws Exception;
    }

    private final ServerSocket listener;
    final AtomicInteger connections = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Thread thread;

    /** {@code tls} null for plain TCP; {@code readRequest} false to hand over the socket before reading anything. */
    RawServer(String address, SSLContext tls, boolean readRequest, Handler handler) throws IOException {
        InetAddress bind = InetAddress.getByName(address);
        listener = tls == null ? new ServerSocket(0, 50, bind)
                : tls.getServerSocketFactory().createServerSocket(0, 50, bind);
        thread = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> {
                        try (s) {
                            String request = readRequest ? readHead(s.getInputStream()) : "";
                            requests.add(request);
                            handler.handle(s, request);
                        } catch (Exception e) {
                            // the client went away
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String s = head.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
        return head.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
