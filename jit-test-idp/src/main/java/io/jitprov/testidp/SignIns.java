package io.jitprov.testidp;

import io.jitprov.testidp.TestIdp.Answer;
import io.jitprov.testidp.TestIdp.Failure;
import io.jitprov.testidp.TestIdp.Protocol;
import io.jitprov.testidp.TestIdp.Session;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Answering sign-in requests, whichever way they came (HTTP, the picker, {@link TestIdp#answer}):
 * where answers may go, the failure asked for next, and the sessions answered.
 */
final class SignIns {

    private static final int MAX_SESSIONS = 1_000;

    private final SamlSide saml;
    private final OidcSide oidc;
    private final RedirectTargets targets;
    private final AtomicReference<@Nullable Failure> nextFailure = new AtomicReference<>();
    private final List<Session> sessions = new CopyOnWriteArrayList<>();

    SignIns(SamlSide saml, OidcSide oidc, RedirectTargets targets) {
        this.saml = saml;
        this.oidc = oidc;
        this.targets = targets;
    }

    RedirectTargets targets() {
        return targets;
    }

    void failNext(@Nullable Failure failure) {
        nextFailure.set(failure);
    }

    List<Session> sessions() {
        return List.copyOf(sessions);
    }

    /** Answers an AuthnRequest as {@code person}, with the pending failure when it applies to SAML. */
    Answer saml(SamlSide.AuthnRequest request, @Nullable String relayState, TestPerson person) {
        checkAcs(request);
        // Taken only once the request is answerable: a refused one leaves it for the next sign-in.
        return saml(request, relayState, person, takeFailure(Protocol.SAML));
    }

    Answer saml(SamlSide.AuthnRequest request, @Nullable String relayState, TestPerson person,
            @Nullable Failure failure) {
        checkAcs(request);
        String sessionIndex = "_session-" + UUID.randomUUID();
        if (failure != Failure.SIGN_IN_REFUSED) {
            remember(new Session(Protocol.SAML, person, sessionIndex, request.issuer()));
        }
        return saml.response(request, relayState, person, sessionIndex, failure);
    }

    /** Answers an authorization request as {@code person}, with the pending failure when it applies to OpenID Connect. */
    Answer oidc(Map<String, String> query, TestPerson person) {
        return oidc(query, person, () -> takeFailure(Protocol.OIDC));
    }

    Answer oidc(Map<String, String> query, TestPerson person, @Nullable Failure failure) {
        return oidc(query, person, () -> failure);
    }

    private Answer oidc(Map<String, String> query, TestPerson person, Supplier<@Nullable Failure> failure) {
        String sid = "sid-" + UUID.randomUUID();
        return oidc.authorize(query, person, sid, failure, targets,
                () -> remember(new Session(Protocol.OIDC, person, sid, oidc.clientId())));
    }

    private void checkAcs(SamlSide.AuthnRequest request) {
        if (!targets.allows(request.acsUrl())) {
            throw new IdpRefusal("The AssertionConsumerServiceURL is not allowed: " + targets.rule());
        }
    }

    private @Nullable Failure takeFailure(Protocol protocol) {
        Failure pending = nextFailure.get();
        if (pending == null || (protocol == Protocol.SAML && pending == Failure.TOKEN_ENDPOINT_ERROR)) {
            return null;
        }
        return nextFailure.compareAndSet(pending, null) ? pending : null;
    }

    private void remember(Session session) {
        sessions.add(session);
        while (sessions.size() > MAX_SESSIONS) {
            sessions.remove(0);
        }
    }
}
