package io.jitprov.servlet;

import io.jitprov.core.Account;
import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.Refusal;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.memory.InMemoryReplayCache;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.provisioning.ProvisioningResult;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.oidc.OidcProvider;
import io.jitprov.saml.PendingAuthnRequest;
import io.jitprov.saml.SamlIdentityProvider;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.servlet.TestSignIns.Check;
import io.jitprov.servlet.TestSignIns.Status;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a test sign-in checks, in the order a login checks it, and the words it reports each in
 * (bundles {@code test-sign-in.properties} and {@code refusal-hints.properties}).
 */
final class TestSignInChecks {

    /** The checks, in order; a refusal is reported at the first whose codes name it. */
    private static final List<String> VERIFICATION_CHECKS = List.of("issuer", "signature", "addressed", "clock");
    private static final List<String> DECISION_CHECKS = List.of("attributes", "domain", "policy", "roles", "account");
    private static final Map<String, Set<String>> CODES = Map.of(
            "signature", Set.of(JitErrorCodes.SIGNATURE_MISSING, JitErrorCodes.INVALID_SIGNATURE,
                    JitErrorCodes.ALGORITHM_NOT_ALLOWED, JitErrorCodes.DUPLICATE_ID, JitErrorCodes.DECRYPTION_FAILED,
                    JitErrorCodes.JWKS_UNAVAILABLE, JitErrorCodes.AT_HASH_MISMATCH),
            "issuer", Set.of(JitErrorCodes.UNKNOWN_ISSUER, JitErrorCodes.ISSUER_MISMATCH),
            "addressed", Set.of(JitErrorCodes.DESTINATION_MISMATCH, JitErrorCodes.AUDIENCE_MISMATCH,
                    JitErrorCodes.SUBJECT_CONFIRMATION_INVALID, JitErrorCodes.IN_RESPONSE_TO_MISMATCH,
                    JitErrorCodes.AZP_MISMATCH, JitErrorCodes.NONCE_MISMATCH, JitErrorCodes.STATE_MISMATCH),
            "clock", Set.of(JitErrorCodes.ASSERTION_EXPIRED, JitErrorCodes.ASSERTION_NOT_YET_VALID,
                    JitErrorCodes.TOKEN_EXPIRED, JitErrorCodes.TOKEN_NOT_YET_VALID, JitErrorCodes.AUTHENTICATION_STALE),
            "attributes", Set.of(JitErrorCodes.ATTRIBUTE_MISSING, JitErrorCodes.ATTRIBUTE_NOT_SINGLE_VALUED,
                    JitErrorCodes.ATTRIBUTE_TOO_MANY_VALUES, JitErrorCodes.ATTRIBUTE_INVALID,
                    JitErrorCodes.ATTRIBUTE_TOO_LONG, JitErrorCodes.ATTRIBUTE_PATTERN_MISMATCH,
                    JitErrorCodes.EMAIL_MISSING, JitErrorCodes.IDENTITY_EXPIRED, JitErrorCodes.IDENTITY_INVALID),
            "domain", Set.of(JitErrorCodes.EMAIL_NOT_VERIFIED, JitErrorCodes.DOMAIN_NOT_VERIFIED,
                    JitErrorCodes.TENANT_NOT_FOUND),
            "policy", Set.of(JitErrorCodes.ISSUER_NOT_TRUSTED_BY_TENANT, JitErrorCodes.IDENTITY_KIND_NOT_ALLOWED, JitErrorCodes.REQUIRED_GROUP_MISSING,
                    JitErrorCodes.GROUPS_INCOMPLETE, JitErrorCodes.ACCESS_ENDED, JitErrorCodes.DISABLED_AT_IDP));
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final int SHOWN_VALUES = 20;

    private final Provisioner provisioner;
    private final DomainRegistry domains;
    private final Clock clock;

    TestSignInChecks(Provisioner provisioner, DomainRegistry domains, Clock clock) {
        this.provisioner = provisioner;
        this.domains = domains;
        this.clock = clock;
    }

    /** A SAML response: verified against the IdP under test, then decided as a login into {@code tenant}. */
    List<Check> saml(HttpServletRequest request, SamlEndpoints saml, SamlIdentityProvider idp, Tenant tenant,
            String samlResponse, PendingAuthnRequest answered) {
        Instant arrived = clock.instant();
        VerifiedIdentity identity;
        try {
            identity = saml.verifier().with(SamlIdentityProviders.of(idp), saml.verifier().replayCache())
                    .verify(samlResponse, answered);
        } catch (JitAuthenticationException e) {
            return refusedAt(request, VERIFICATION_CHECKS, e.refusal());
        } catch (JitStoreException e) {
            return refused(request, Refusal.of(e.code(), String.valueOf(e.getMessage())));
        }
        List<Check> checks = new ArrayList<>();
        String[] signer = signer(saml, idp, samlResponse, answered).split("\\|", 2);
        checks.add(passed(request, "issuer", text(request, "issuer.passed", identity.issuer())));
        checks.add(passed(request, "signature", text(request, "signature.key", signer[0], signer[1])));
        checks.add(passed(request, "addressed", text(request, "addressed.saml",
                saml.serviceProvider().entityId(), saml.serviceProvider().acsUrl())));
        checks.add(passed(request, "clock", clock(request, identity, arrived)));
        checks.addAll(decide(request, identity, tenant));
        return checks;
    }

    /** An OpenID provider's sign-in, verified by the login that completed it, then decided. */
    List<Check> oidc(HttpServletRequest request, OidcProvider provider, VerifiedIdentity identity, Tenant tenant) {
        List<Check> checks = new ArrayList<>();
        checks.add(passed(request, "issuer", text(request, "issuer.passed", identity.issuer())));
        checks.add(passed(request, "signature", text(request, "signature.oidc", String.join(", ",
                provider.algorithms().stream().map(Object::toString).sorted().toList()))));
        checks.add(passed(request, "addressed", text(request, "addressed.oidc", provider.clientId())));
        checks.add(passed(request, "clock", clock(request, identity, clock.instant())));
        checks.addAll(decide(request, identity, tenant));
        return checks;
    }

    /** A sign-in that could not start, or whose answer could not be read: the refusal, and nothing after it. */
    List<Check> refused(HttpServletRequest request, Refusal refusal) {
        return refusedAt(request, List.of(), refusal);
    }

    /** An answer the verifier refused: each check it failed, with its problem. */
    List<Check> unverified(HttpServletRequest request, Refusal refusal) {
        return refusedAt(request, VERIFICATION_CHECKS, refusal);
    }

    String text(HttpServletRequest request, String key, Object... args) {
        String text = bundle(request, "test-sign-in").getString(key);
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    /**
     * The checks of {@code order} for a refused answer: each failing one with its own problem (a
     * verifier reports every problem it found), those before the first failure passed, those after
     * it not checked; a refusal no check claims fails the answer as a whole.
     */
    private List<Check> refusedAt(HttpServletRequest request, List<String> order, Refusal refusal) {
        List<Check> checks = new ArrayList<>();
        boolean claimed = refusal.errors().stream().anyMatch(e -> order.stream().anyMatch(name -> claims(name, e)));
        boolean reached = !claimed;
        if (!claimed) {
            checks.add(failed(request, "verification", refusal.errors().get(0)));
        }
        for (String name : order) {
            Optional<JitError> error = refusal.errors().stream().filter(e -> claims(name, e)).findFirst();
            if (error.isPresent()) {
                checks.add(failed(request, name, error.get()));
                reached = true;
            } else {
                checks.add(reached ? notChecked(request, name) : new Check(name, text(request, "check." + name),
                        Status.PASSED, "", null, null, null));
            }
        }
        DECISION_CHECKS.forEach(name -> checks.add(notChecked(request, name)));
        return checks;
    }

    private static boolean claims(String check, JitError error) {
        return CODES.getOrDefault(check, Set.of()).contains(error.code());
    }

    private List<Check> decide(HttpServletRequest request, VerifiedIdentity identity, Tenant tenant) {
        ProvisioningResult preview;
        try {
            preview = provisioner.preview(identity, tenant);
        } catch (JitStoreException e) {
            List<Check> checks = new ArrayList<>(List.of(failed(request, "attributes",
                    Refusal.of(e.code(), String.valueOf(e.getMessage())))));
            DECISION_CHECKS.stream().skip(1).forEach(name -> checks.add(notChecked(request, name)));
            return checks;
        }
        Optional<Refusal> refusal = preview.refusal();
        String failedAt = refusal.map(r -> DECISION_CHECKS.stream()
                .filter(name -> CODES.getOrDefault(name, Set.of()).contains(r.code())).findFirst().orElse("account"))
                .orElse(null);
        Optional<String> email = preview.account().map(Account::email).or(() -> emailOf(identity));
        Optional<Check> domain = domainCheck(request, identity, email, tenant);
        if (failedAt == null && domain.isPresent() && domain.get().status() == Status.FAILED) {
            failedAt = "domain";
        }
        List<Check> checks = new ArrayList<>();
        boolean reached = false;
        for (String name : DECISION_CHECKS) {
            if (reached) {
                checks.add(notChecked(request, name));
                continue;
            }
            if (name.equals(failedAt)) {
                reached = true;
                checks.add(name.equals("domain") && domain.isPresent() && refusal.isEmpty() ? domain.get()
                        : failed(request, name, refusal.orElseThrow()));
                continue;
            }
            checks.add(switch (name) {
                case "attributes" -> passed(request, name, attributes(request, identity));
                case "domain" -> domain.orElse(passed(request, name, text(request, "domain.no.email")));
                case "policy" -> passed(request, name, text(request, "policy.passed"));
                case "roles" -> preview.refused() ? new Check(name, text(request, "check.roles"), Status.NOT_CHECKED,
                        text(request, "roles.refused"), null, null, null)
                        : passed(request, name, preview.roles().isEmpty() ? text(request, "roles.none")
                                : text(request, "roles.passed", String.join(", ", preview.roles())));
                default -> passed(request, name, text(request, "account." + preview.outcome().name()
                        .toLowerCase(Locale.ROOT), email.orElse(identity.subject())));
            });
        }
        return checks;
    }

    /** The email's domain must be one this tenant proved, as the tenant resolver will ask at every login. */
    private Optional<Check> domainCheck(HttpServletRequest request, VerifiedIdentity identity, Optional<String> email,
            Tenant tenant) {
        if (email.isEmpty() || !email.get().contains("@")) {
            return Optional.empty();
        }
        String domain = email.get().substring(email.get().lastIndexOf('@') + 1);
        if (!identity.emailVerified()) {
            return Optional.of(failed(request, "domain", Refusal.of(JitErrorCodes.EMAIL_NOT_VERIFIED,
                    "The identity provider does not vouch for " + email.get())));
        }
        boolean ours = domains.tenantFor(domain).filter(tenant.id()::equals).isPresent();
        return Optional.of(ours ? passed(request, "domain", text(request, "domain.verified", domain))
                : failed(request, "domain", Refusal.of(JitErrorCodes.DOMAIN_NOT_VERIFIED,
                        text(request, "domain.other", domain))));
    }

    private String attributes(HttpServletRequest request, VerifiedIdentity identity) {
        if (identity.attributes().isEmpty()) {
            return text(request, "attributes.none");
        }
        List<String> shown = new ArrayList<>();
        identity.attributes().forEach((name, values) -> shown.add(name + " = " + String.join(", ",
                values.stream().limit(SHOWN_VALUES).toList()) + (values.size() > SHOWN_VALUES ? ", …" : "")));
        return text(request, "attributes.received", String.join("; ", shown));
    }

    private String clock(HttpServletRequest request, VerifiedIdentity identity, Instant arrived) {
        Optional<Instant> signedIn = identity.authnInstant();
        if (signedIn.isEmpty()) {
            return text(request, "clock.unknown", TIME.format(arrived));
        }
        long apart = Math.abs(Duration.between(signedIn.get(), arrived).toSeconds());
        return text(request, "clock.measured", TIME.format(signedIn.get()), TIME.format(arrived), apart);
    }

    /** The certificate the signature verifies with: each of the IdP's tried alone, on a replay cache of its own. */
    private String signer(SamlEndpoints saml, SamlIdentityProvider idp, String samlResponse, PendingAuthnRequest answered) {
        for (X509Certificate certificate : idp.signingCertificates()) {
            SamlIdentityProvider alone = idp.toBuilder().signingCertificates(List.of(certificate)).build();
            try {
                saml.verifier().with(SamlIdentityProviders.of(alone), new InMemoryReplayCache(clock, 16))
                        .verify(samlResponse, answered);
                return subject(certificate) + "|" + DAY.format(certificate.getNotAfter().toInstant());
            } catch (JitAuthenticationException tryTheNext) {
                // signed with another of its keys
            }
        }
        return "?|?";
    }

    private static String subject(X509Certificate certificate) {
        String name = certificate.getSubjectX500Principal().getName();
        return name.length() > 120 ? name.substring(0, 120) + "…" : name;
    }

    private static Optional<String> emailOf(VerifiedIdentity identity) {
        for (String name : List.of("email", "mail", "urn:oid:0.9.2342.19200300.100.1.3",
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "emailAddress")) {
            List<String> values = identity.attributes().get(name);
            if (values != null && !values.isEmpty()) {
                return Optional.of(values.get(0));
            }
        }
        return Optional.empty();
    }

    private Check passed(HttpServletRequest request, String name, String detail) {
        return new Check(name, text(request, "check." + name), Status.PASSED, detail, null, null, null);
    }

    private Check notChecked(HttpServletRequest request, String name) {
        return new Check(name, text(request, "check." + name), Status.NOT_CHECKED, text(request, "not.checked"), null,
                null, null);
    }

    private Check failed(HttpServletRequest request, String name, Refusal refusal) {
        return failed(request, name, refusal.errors().get(0));
    }

    private Check failed(HttpServletRequest request, String name, JitError error) {
        return new Check(name, text(request, "check." + name), Status.FAILED, error.description(), error.code(),
                hint(request, error.code() + ".meaning"), hint(request, error.code() + ".fix"));
    }

    private static @Nullable String hint(HttpServletRequest request, String key) {
        try {
            return bundle(request, "refusal-hints").getString(key);
        } catch (MissingResourceException e) {
            return null;
        }
    }

    private static ResourceBundle bundle(HttpServletRequest request, String name) {
        Locale locale = request.getLocale() == null ? Locale.ENGLISH : request.getLocale();
        return ResourceBundle.getBundle("io.jitprov.servlet." + name, locale);
    }
}
