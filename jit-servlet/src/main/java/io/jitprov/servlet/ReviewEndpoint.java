package io.jitprov.servlet;

import io.jitprov.core.AccessReview;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * {@code GET {basePath}/review}: the signed-in reviewer's own tenant's access review, JSON by
 * default, CSV with {@code ?format=csv}. Only principals holding a reviewer role get it, and
 * only for their own tenant.
 */
final class ReviewEndpoint {

    private final AccessReview review;
    private final Set<String> reviewerRoles;

    ReviewEndpoint(AccessReview review, Set<String> reviewerRoles) {
        this.review = review;
        this.reviewerRoles = Set.copyOf(reviewerRoles);
    }

    void handle(HttpServletRequest request, HttpServletResponse response, JitPrincipal reviewer) throws IOException {
        if (!"GET".equals(request.getMethod())) {
            Responses.text(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "application/json",
                    "{\"error\":\"method_not_allowed\"}");
            return;
        }
        if (reviewer.roles().stream().noneMatch(reviewerRoles::contains)) {
            Responses.text(response, HttpServletResponse.SC_FORBIDDEN, "application/json",
                    "{\"error\":\"reviewer_role_required\"}");
            return;
        }
        boolean csv = "csv".equals(request.getParameter("format"));
        Responses.noStore(response);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(csv ? "text/csv;charset=UTF-8" : "application/json;charset=UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (csv) {
            // A spreadsheet download; the JSON is for programs and shows in a browser as it is.
            response.setHeader("Content-Disposition", "attachment; filename=\"access-review-"
                    + reviewer.tenantId().replaceAll("[^A-Za-z0-9._-]", "_") + ".csv\"");
        }
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        if (csv) {
            review.writeCsv(reviewer.tenantId(), out);
        } else {
            review.writeJson(reviewer.tenantId(), out);
        }
        out.flush();
    }
}
