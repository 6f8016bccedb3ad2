package io.jitprov.core.tenant;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DNS server on 127.0.0.1 that answers TXT queries from a map, over UDP, so the JNDI lookup is
 * tested against the real wire protocol. Each TXT record is a list of character-strings.
 */
public final class TinyDnsServer implements AutoCloseable {

    private static final int TYPE_TXT = 16;

    private final DatagramSocket socket;
    private final Map<String, List<List<String>>> txt = new ConcurrentHashMap<>();
    private final Thread thread;

    public TinyDnsServer() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "tiny-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public String url() {
        return "dns://127.0.0.1:" + socket.getLocalPort();
    }

    /** Publishes TXT records at {@code name}; each record is one or more character-strings. */
    public void publish(String name, List<List<String>> records) {
        txt.put(name.toLowerCase(Locale.ROOT), records);
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket query = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(query);
                byte[] answer = answer(buffer, query.getLength());
                socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    private byte[] answer(byte[] q, int length) {
        int pos = 12;
        StringBuilder name = new StringBuilder();
        while (q[pos] != 0) {
            int len = q[pos] & 0xff;
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(q, pos + 1, len, StandardCharsets.US_ASCII));
            pos += len + 1;
        }
        pos++;
        int qtype = ((q[pos] & 0xff) << 8) | (q[pos + 1] & 0xff);
        int questionEnd = pos + 4;
        List<List<String>> records = qtype == TYPE_TXT ? txt.get(name.toString().toLowerCase(Locale.ROOT)) : null;

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        out.write(0x81);
        out.write(records == null ? 0x83 : 0x80); // NXDOMAIN when we know nothing of the name
        writeShort(out, 1);
        writeShort(out, records == null ? 0 : records.size());
        writeShort(out, 0);
        writeShort(out, 0);
        out.write(q, 12, questionEnd - 12);
        if (records != null) {
            for (List<String> record : records) {
                ByteArrayOutputStream rdata = new ByteArrayOutputStream();
                for (String part : record) {
                    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                    rdata.write(bytes.length);
                    rdata.write(bytes, 0, bytes.length);
                }
                writeShort(out, 0xc00c);
                writeShort(out, TYPE_TXT);
                writeShort(out, 1);
                writeShort(out, 0);
                writeShort(out, 60);
                writeShort(out, rdata.size());
                out.write(rdata.toByteArray(), 0, rdata.size());
            }
        }
        return out.toByteArray();
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write((value >> 8) & 0xff);
        out.write(value & 0xff);
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
