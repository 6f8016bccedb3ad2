package io.jitprov.testidp;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the test IdP's HTTP server sends back: a status, a type, a body and any further headers. */
record Reply(int status, String contentType, String body, Map<String, String> headers) {

    static Reply json(int status, String body) {
        return new Reply(status, "application/json", body, Map.of());
    }

    static Reply html(int status, String body) {
        return new Reply(status, "text/html", body, Map.of());
    }

    static Reply redirect(String location) {
        return new Reply(302, "text/plain", "", Map.of("Location", location));
    }

    Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, Map.copyOf(more));
    }
}
