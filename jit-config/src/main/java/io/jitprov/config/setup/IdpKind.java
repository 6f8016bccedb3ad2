package io.jitprov.config.setup;

import java.util.Locale;
import java.util.Optional;

/** The IdPs the setup pages have instructions for, each over one protocol. */
enum IdpKind {
    OKTA(true, "groups"),
    ENTRA(true, "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"),
    GOOGLE(true, "groups"),
    KEYCLOAK(false, ""),
    ADFS(true, "http://schemas.xmlsoap.org/claims/Group"),
    SAML(true, ""),
    OIDC(false, "");

    private final boolean saml;
    private final String groupAttribute;

    IdpKind(boolean saml, String groupAttribute) {
        this.saml = saml;
        this.groupAttribute = groupAttribute;
    }

    boolean saml() {
        return saml;
    }

    /** The SAML attribute this IdP sends groups in when set up as its instructions say; empty when unknown. */
    String groupAttribute() {
        return groupAttribute;
    }

    /** Its name in addresses and text keys: {@code okta}, {@code entra}, ... */
    String slug() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<IdpKind> of(String slug) {
        for (IdpKind kind : values()) {
            if (kind.slug().equals(slug)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
