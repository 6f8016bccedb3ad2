package io.jitprov.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.internal.InputStreams;
import io.jitprov.servlet.JitLogin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** One call to the admin API: who makes it, what it asks for, its body, and the answer. */
final class AdminCall {

    static final ObjectMapper JSON = new ObjectMapper();
    /** A document at its largest, with room for the envelope around it. */
    static final int MAX_BODY_BYTES = RegistryDocuments.MAX_DOCUMENT_CHARS * 4 + 4096;
    /** Read and dropped past the limit, so that a client still sending reads the refusal. */
    private static final long DRAINED_BYTES = 8L * 1024 * 1024;

    /** Who calls: the back office (a token) or one tenant's admin (a session). */
    record Caller(@Nullable String tokenId, @Nullable String tenantId, @Nullable String accountId) {
        boolean backOffice() {
            return tokenId != null;
        }

        AuditActor actor() {
            return tokenId != null ? AuditActor.apiToken(tokenId) : AuditActor.account(String.valueOf(accountId));
        }
    }

    final Caller caller;
    final String method;
    final List<String> segments;
    private final HttpServletRequest request;
    private final HttpServletResponse response;

    AdminCall(Caller caller, String path, HttpServletRequest request, HttpServletResponse response) {
        this.caller = caller;
        this.method = request.getMethod().toUpperCase(Locale.ROOT);
        List<String> parts = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                parts.add(segment);
            }
        }
        this.segments = List.copyOf(parts);
        this.request = request;
        this.response = response;
    }

    /** Where jit's endpoints are, as the filter that mounted the API derived them. */
    java.util.Optional<JitLogin.Endpoints> endpoints() {
        return request.getAttribute(JitLogin.ENDPOINTS) instanceof JitLogin.Endpoints endpoints
                ? java.util.Optional.of(endpoints) : java.util.Optional.empty();
    }

    /** The query parameter, if given once; a parameter given twice is refused. */
    @Nullable String query(String name) {
        String[] values = request.getParameterValues(name);
        if (values != null && values.length > 1) {
            throw new ApiProblem(400, "invalid_request", "Give [" + name + "] once");
        }
        return values == null ? null : values[0];
    }

    /** The request's JSON object: {@code application/json}, UTF-8, at most {@link #MAX_BODY_BYTES}. */
    ObjectNode body(String... fields) throws IOException {
        String type = String.valueOf(request.getContentType()).toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.startsWith("application/json;")) {
            throw new ApiProblem(415, "unsupported_media_type", "Send the body as application/json");
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw tooLarge(request.getInputStream(), request.getContentLengthLong());
        }
        String text = utf8(read(request.getInputStream()));
        List<String> problems = new ArrayList<>();
        JsonNode tree;
        try {
            tree = ConfigTree.read(text, true, problems);
        } catch (JsonProcessingException e) {
            throw new ApiProblem(400, "invalid_json", "The body is not valid JSON: " + e.getOriginalMessage());
        } catch (ConfigTree.TooLarge e) {
            throw new ApiProblem(413, "body_too_large", e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new ApiProblem(400, "invalid_json", "The body must be a JSON object");
        }
        Set<String> known = Set.of(fields);
        List<String> unknown = new ArrayList<>();
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                unknown.add(name + ": is not a known field (known: " + String.join(", ", fields) + ")");
            }
        });
        if (!unknown.isEmpty()) {
            throw ApiProblem.invalid(unknown);
        }
        return object;
    }

    /**
     * A request header, null when absent; one the container or a firewall in front of jit will not
     * hand over (Spring Security's StrictHttpFirewall throws) is the caller's bad request.
     */
    static @Nullable String header(HttpServletRequest request, String name) {
        try {
            return request.getHeader(name);
        } catch (RuntimeException e) {
            throw new ApiProblem(400, "invalid_request", "The " + name + " header cannot be read");
        }
    }

    /** The version the caller read, from {@code If-Match}: required for every change to an existing resource. */
    long ifMatch() {
        String given = header(request, "If-Match");
        if (given == null) {
            throw new ApiProblem(428, "precondition_required", "Send If-Match with the ETag you read, so that a"
                    + " change made since is not overwritten");
        }
        String value = given.strip();
        if (value.matches("\"[1-9][0-9]{0,17}\"")) {
            return Long.parseLong(value.substring(1, value.length() - 1));
        }
        throw new ApiProblem(412, "version_mismatch", "If-Match must be the ETag of the version read, e.g. \"3\"");
    }

    void respond(int status, @Nullable JsonNode body, @Nullable Long version) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (version != null) {
            response.setHeader("ETag", "\"" + version + "\"");
        }
        if (body != null) {
            write("application/json", body);
        }
    }

    void created(String location, JsonNode body, @Nullable Long version) throws IOException {
        response.setHeader("Location", location);
        respond(201, body, version);
    }

    void problem(ApiProblem problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        if (problem.status() != 413) {
            drainUnread(); // an answer before the body was read: the client may send its next request on this connection
        }
        response.reset();
        response.setStatus(problem.status());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (problem.status() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"jit-admin\"");
        }
        problem.allow().ifPresent(methods -> response.setHeader("Allow", methods));
        if (problem.status() == 413) {
            response.setHeader("Connection", "close"); // a body this large is not worth a kept-alive connection
        }
        ObjectNode body = JSON.createObjectNode().put("type", "urn:jitprov:problem:" + problem.code())
                .put("title", title(problem.status())).put("status", problem.status()).put("code", problem.code())
                .put("detail", problem.getMessage());
        if (!problem.errors().isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            problem.errors().forEach(item -> errors.addObject().put("path", item.path()).put("detail", item.detail()));
        }
        write("application/problem+json", body);
    }

    private void write(String type, JsonNode body) throws IOException {
        response.setContentType(type);
        response.setCharacterEncoding("UTF-8");
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * Reads and drops what is left of the body (a refusal decided on the headers alone, such as a
     * missing If-Match), up to the size a body may have: a connection whose request was answered
     * before its body was read is closed by the container, and a client that sends its next request
     * on it gets no answer.
     */
    private void drainUnread() {
        try {
            InputStreams.drain(request.getInputStream(), MAX_BODY_BYTES);
        } catch (IOException | IllegalStateException e) {
            // the body was read as text already, or the client went away: nothing is left to drain
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (out.size() + n > MAX_BODY_BYTES) {
                throw tooLarge(in, -1);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Refuses a body that is too large. One a few times the limit is read to its end and dropped,
     * so that the client, still sending, reads the answer; a larger one is not read, and the
     * connection closes.
     */
    private static ApiProblem tooLarge(InputStream in, long declared) throws IOException {
        if (declared <= DRAINED_BYTES) {
            InputStreams.drain(in, DRAINED_BYTES);
        }
        return new ApiProblem(413, "body_too_large", "The body is larger than " + MAX_BODY_BYTES + " bytes");
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiProblem(400, "invalid_json", "The body is not UTF-8");
        }
    }


    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Not signed in";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 412 -> "Changed since read";
            case 413 -> "Too large";
            case 415 -> "Unsupported media type";
            case 422 -> "Invalid document";
            case 428 -> "Version required";
            case 503 -> "Unavailable";
            default -> "Error";
        };
    }
}
