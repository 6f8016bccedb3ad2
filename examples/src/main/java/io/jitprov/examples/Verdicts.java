package io.jitprov.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.VerifiedIdentity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The diagnosis tools' output: one JSON object per checked file, and their shared options. */
final class Verdicts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Verdicts() {
    }

    static String accepted(String file, VerifiedIdentity identity) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("file", file);
        line.put("verdict", "accepted");
        line.put("code", null);
        line.put("message", null);
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("issuer", identity.issuer());
        who.put("subject", identity.subject());
        who.put("attributes", identity.attributes());
        line.put("identity", who);
        return write(line);
    }

    static String rejected(String file, JitAuthenticationException refusal) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("file", file);
        line.put("verdict", "rejected");
        line.put("code", refusal.error().code());
        line.put("message", refusal.error().description());
        List<Map<String, String>> errors = new ArrayList<>();
        for (JitError error : refusal.errors()) {
            errors.add(Map.of("code", error.code(), "message", error.description()));
        }
        line.put("errors", errors);
        return write(line);
    }

    private static String write(Map<String, Object> line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
