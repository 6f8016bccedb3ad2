package io.jitprov.core.audit;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an {@link AuditEvent} records a decision about. Each has a stable {@link #value()}, the
 * text the log line and the audit table carry.
 *
 * @since 0.1
 */
public enum AuditAction {
    /** A login through the provisioning pipeline. */
    LOGIN("login"),
    /** Starting a SAML login (an AuthnRequest to an IdP). */
    SAML_LOGIN("saml.login"),
    /** A SAML response posted to the assertion consumer service. */
    SAML_RESPONSE("saml.response"),
    /** A SAML LogoutRequest from an IdP. */
    SAML_LOGOUT("saml.logout"),
    /** Starting an OpenID Connect login. */
    OIDC_LOGIN("oidc.login"),
    /** The redirect back from an OpenID provider. */
    OIDC_CALLBACK("oidc.callback"),
    /** An account created ahead of its first login (a directory push). */
    ACCOUNT_PREPROVISION("account.preprovision"),
    /** A pushed account's attributes replaced by the directory. */
    ACCOUNT_REPLACE("account.replace"),
    /** An account disabled. */
    ACCOUNT_DISABLE("account.disable"),
    /** An account enabled again. */
    ACCOUNT_ENABLE("account.enable"),
    /** An account deleted. */
    ACCOUNT_DELETE("account.delete"),
    /** A time-bound role asked for. */
    ELEVATION_REQUEST("elevation.request"),
    /** A grant approved. */
    ELEVATION_APPROVE("elevation.approve"),
    /** A grant denied. */
    ELEVATION_DENY("elevation.deny"),
    /** A grant revoked. */
    ELEVATION_REVOKE("elevation.revoke"),
    /** A grant expired, or a request nobody approved in time. */
    ELEVATION_EXPIRE("elevation.expire"),
    /** A delegation granted to a partner's admin. */
    DELEGATION_GRANT("delegation.grant"),
    /** A delegation revoked. */
    DELEGATION_REVOKE("delegation.revoke"),
    /** A tenant or connection added to the registry. */
    REGISTRY_CREATE("registry.create"),
    /** A tenant's or connection's settings changed. */
    REGISTRY_UPDATE("registry.update"),
    /** A tenant or connection removed from the registry. */
    REGISTRY_DELETE("registry.delete"),
    /** A domain claimed by a tenant, to be proven. */
    DOMAIN_CLAIM("domain.claim"),
    /** A domain's claim verified (by DNS, or by the back office's word). */
    DOMAIN_VERIFY("domain.verify"),
    /** A domain's claim withdrawn. */
    DOMAIN_RELEASE("domain.release"),
    /** A setup link was issued for a tenant. */
    SETUP_LINK_ISSUE("setup_link.issue"),
    /** A setup link was revoked before it expired. */
    SETUP_LINK_REVOKE("setup_link.revoke"),
    /** A connection set up through a setup link (or by the back office) was switched on for real logins. */
    CONNECTION_ACTIVATE("connection.activate");

    private static final Map<String, AuditAction> BY_VALUE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(AuditAction::value, Function.identity()));

    private final String value;

    AuditAction(String value) {
        this.value = value;
    }

    /** The stable text of this action, e.g. {@code elevation.approve}. */
    public String value() {
        return value;
    }

    /** The action whose {@link #value()} is {@code value}. */
    public static Optional<AuditAction> fromValue(String value) {
        return Optional.ofNullable(BY_VALUE.get(value));
    }
}
