package io.jitprov.core.audit;

import java.util.List;

/**
 * The audit trail read back, for a connection's health: the latest sign-ins through one IdP,
 * accepted or refused, with the correlation ID a refused person was shown. {@code JdbcAuditSink}
 * is one; an application with a trail of its own may implement it.
 *
 * @since 0.1
 */
public interface AuditTrail {

    /**
     * Up to {@code limit} events about sign-ins through the IdP {@code issuer} (its SAML entity
     * ID or OpenID issuer), newest first.
     *
     * @throws io.jitprov.core.JitStoreException when the trail cannot be read
     */
    List<AuditEvent> recentOfIssuer(String issuer, int limit);

    /** A trail that remembers nothing: every health page says no sign-in was seen. */
    AuditTrail NONE = (issuer, limit) -> List.of();
}
