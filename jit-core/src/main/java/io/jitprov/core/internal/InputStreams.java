package io.jitprov.core.internal;

import java.io.IOException;
import java.io.InputStream;

/** Reading what is left of a request body that is not wanted. */
public final class InputStreams {

    private InputStreams() {
    }

    /**
     * Reads and drops up to {@code limit} bytes (a little more: whole buffers) of {@code in}: a
     * container closes a connection whose request body is left unread, and a client that sends its
     * next request on it gets no answer.
     *
     * @throws IOException when reading fails
     */
    public static void drain(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long drained = 0;
        int n;
        while (drained <= limit && (n = in.read(buffer)) != -1) {
            drained += n;
        }
    }
}
