package io.jitprov.oidc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A token's claims as the JSON parser returned them, read in place: building the JOSE library's
 * claims set would copy the map twice and convert every date, for nothing the checks need.
 */
final class Claims {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(64 * 1024).build())
            .build();

    private final Map<String, Object> values;

    private Claims(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * Parses the claims' UTF-8 JSON. Duplicate member names are refused (RFC 7519 4: a parser
     * must reject them or take the last, and two readers taking different ones is how tokens get
     * misread); nesting is bounded.
     *
     * @throws ParseException when {@code json} is not one JSON object
     */
    static Claims parse(byte[] json) throws ParseException {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ParseException("The claims are not a JSON object", 0);
            }
            Map<String, Object> claims = object(parser);
            if (parser.nextToken() != null) {
                throw new ParseException("Content follows the claims object", 0);
            }
            return new Claims(claims);
        } catch (IOException e) {
            throw new ParseException("The claims are not valid JSON: " + e.getMessage(), 0);
        }
    }

    private static Map<String, Object> object(JsonParser parser) throws IOException {
        // A HashMap: claim order carries no meaning, and its entries are smaller than a LinkedHashMap's.
        Map<String, Object> object = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            object.put(name, value(parser));
        }
        return object;
    }

    private static @Nullable Object value(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT:
                return object(parser);
            case START_ARRAY:
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                return array;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? parser.getBigIntegerValue()
                        : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
            default:
                return null;
        }
    }

    Map<String, Object> asMap() {
        return values;
    }

    @Nullable Object get(String name) {
        return values.get(name);
    }

    @Nullable String string(String name) {
        return values.get(name) instanceof String s ? s : null;
    }

    @Nullable String issuer() {
        return string("iss");
    }

    @Nullable String subject() {
        return string("sub");
    }

    @Nullable String jwtId() {
        return string("jti");
    }

    /** {@code aud}, a string or an array of strings (RFC 7519 4.1.3); null when absent or of another type. */
    @Nullable List<String> audience() {
        Object aud = values.get("aud");
        if (aud instanceof String single) {
            return List.of(single);
        }
        if (aud instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            @SuppressWarnings("unchecked")
            List<String> strings = (List<String>) list;
            return strings;
        }
        return null;
    }

    /** A NumericDate claim (seconds since the epoch, RFC 7519 2); null when absent or not a number. */
    @Nullable Instant instant(String name) {
        Object value = values.get(name);
        if (value instanceof Number number) {
            double seconds = number.doubleValue();
            if (Double.isFinite(seconds) && Math.abs(seconds) < 1e13) {
                return Instant.ofEpochSecond(number.longValue());
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Claims[iss=" + issuer() + ", sub=" + subject() + "]";
    }
}
