package io.jitprov.config;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request the admin API refuses, answered as an RFC 9457 problem document: a stable code, what
 * went wrong in plain words and, for a document, every problem with its path.
 */
final class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** One problem of a document: where ({@code roles.rules[0].regex}) and what. */
    record Item(String path, String detail) { }

    private final int status;
    private final String code;
    private final transient List<Item> errors;
    private final @Nullable String allow;

    ApiProblem(int status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    ApiProblem(int status, String code, String detail, List<Item> errors) {
        this(status, code, detail, errors, null);
    }

    private ApiProblem(int status, String code, String detail, List<Item> errors, @Nullable String allow) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
        this.allow = allow;
    }

    /** The method is not one the resource answers; {@code Allow} lists those it does. */
    static ApiProblem methodNotAllowed(List<String> allowed) {
        String methods = String.join(", ", allowed);
        return new ApiProblem(405, "method_not_allowed", "Allowed here: " + methods, List.of(), methods);
    }

    /** A document's problems as the configuration file reports them ({@code path: what}). */
    static ApiProblem invalid(List<String> problems) {
        List<Item> items = problems.stream().map(problem -> {
            int colon = problem.indexOf(": ");
            return colon < 0 ? new Item("", problem) : new Item(problem.substring(0, colon), problem.substring(colon + 2));
        }).toList();
        return new ApiProblem(422, "invalid_document", problems.size() == 1 ? "The document has 1 problem"
                : "The document has " + problems.size() + " problems", items);
    }

    static ApiProblem notFound() {
        return new ApiProblem(404, "not_found", "There is nothing here, or nothing you may see");
    }

    static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", detail);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    List<Item> errors() {
        return errors;
    }

    Optional<String> allow() {
        return Optional.ofNullable(allow);
    }
}
