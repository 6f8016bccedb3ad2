package io.jitprov.servlet;

import io.jitprov.core.EmailAddress;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.servlet.internal.Html;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /login}: the person types an email; its verified domain picks the tenant, and the
 * tenant's identity provider. Unknown, pending and malformed domains all get the same answer, so
 * the page cannot be used to find out which organisations are customers.
 */
final class HomeRealmDiscovery {

    private final DomainRegistry domains;
    private final Function<String, List<IdpRoute>> routes;
    private final boolean saml;
    private final boolean oidc;

    HomeRealmDiscovery(DomainRegistry domains, Function<String, List<IdpRoute>> routes, boolean saml, boolean oidc) {
        this.domains = domains;
        this.routes = routes;
        this.saml = saml;
        this.oidc = oidc;
    }

    Optional<IdpRoute> route(String email) {
        return EmailAddress.parse(email.strip())
                .flatMap(address -> domains.tenantFor(address.domain()))
                .flatMap(tenant -> routes.apply(tenant).stream()
                        .filter(route -> route.protocol() == IdpRoute.Protocol.SAML ? saml : oidc)
                        .findFirst());
    }

    static String form(String action, String returnPath, boolean notFound) {
        String notice = notFound ? "<p role=\"alert\">We could not start single sign-on for that address. Check it, or"
                + " ask your administrator how your organisation signs in.</p>" : "";
        return Html.page("Sign in", notice + "<form method=\"post\" action=\"" + Html.escape(action) + "\">"
                + "<label for=\"email\">Work email</label> <input id=\"email\" name=\"email\" type=\"email\""
                + " autocomplete=\"username\" required autofocus>"
                + "<input type=\"hidden\" name=\"return\" value=\"" + Html.escape(returnPath) + "\">"
                + " <button type=\"submit\">Continue</button></form>");
    }
}
