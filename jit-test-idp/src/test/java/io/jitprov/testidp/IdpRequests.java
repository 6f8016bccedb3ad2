package io.jitprov.testidp;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Requests straight to a test IdP, as an attacker sends them: no redirects followed, raw bytes when asked. */
final class IdpRequests {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private IdpRequests() {
    }

    static HttpResponse<String> get(TestIdp idp, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(idp.baseUrl() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(TestIdp idp, String path, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(idp.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The request exactly as written (Latin-1), and the whole answer. */
    static String raw(TestIdp idp, String request) throws Exception {
        URI base = URI.create(idp.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
