package io.jitprov.servlet;

import io.jitprov.core.UserStore;
import io.jitprov.core.delegation.DelegatedPermission;
import io.jitprov.core.delegation.Delegations;
import io.jitprov.core.review.AccessReview;
import io.jitprov.servlet.internal.Responses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET {basePath}/review}: the signed-in reviewer's own tenant's access review, JSON by
 * default, CSV with {@code ?format=csv}. Holders of a reviewer role get their own tenant's;
 * {@code ?tenant=} another tenant's only for a partner's admin that tenant delegated
 * {@link DelegatedPermission#REVIEW_ACCESS} to.
 */
final class ReviewEndpoint {

    private final AccessReview review;
    private final Set<String> reviewerRoles;
    private final @Nullable Delegations delegations;
    private final @Nullable UserStore accounts;

    ReviewEndpoint(AccessReview review, Set<String> reviewerRoles, @Nullable Delegations delegations,
            @Nullable UserStore accounts) {
        this.review = review;
        this.reviewerRoles = Set.copyOf(reviewerRoles);
        this.delegations = delegations;
        this.accounts = accounts;
    }

    void handle(HttpServletRequest request, HttpServletResponse response, JitPrincipal reviewer) throws IOException {
        if (!"GET".equals(request.getMethod())) {
            Responses.text(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "application/json",
                    "{\"error\":\"method_not_allowed\"}");
            return;
        }
        String tenantId = Optional.ofNullable(request.getParameter("tenant")).orElse(reviewer.tenantId());
        if (!mayReview(reviewer, tenantId)) {
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
                    + tenantId.replaceAll("[^A-Za-z0-9._-]", "_") + ".csv\"");
        }
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        if (csv) {
            review.writeCsv(tenantId, out);
        } else {
            review.writeJson(tenantId, out);
        }
        out.flush();
    }

    private boolean mayReview(JitPrincipal reviewer, String tenantId) {
        if (tenantId.equals(reviewer.tenantId())) {
            return reviewer.roles().stream().anyMatch(reviewerRoles::contains);
        }
        if (delegations == null || accounts == null) {
            return false;
        }
        return accounts.findById(reviewer.accountId())
                .map(account -> delegations.allows(account, tenantId, DelegatedPermission.REVIEW_ACCESS)).orElse(false);
    }
}
