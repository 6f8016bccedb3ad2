package io.jitprov.servlet;

import io.jitprov.core.wiring.JitStores;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the application's {@link JitObserver} so that nothing it throws reaches a sign-in. */
final class Observers {

    private static final Logger LOG = LoggerFactory.getLogger(Observers.class);

    private final JitObserver observer;
    private volatile boolean warned;

    Observers(JitObserver observer) {
        this.observer = observer;
    }

    void signIn(IdpRoute.Protocol protocol, String outcome, @Nullable String code, @Nullable String tenantId,
            long verificationNanos) {
        try {
            observer.signIn(new JitObserver.SignIn(protocol, outcome, code, tenantId, Duration.ofNanos(verificationNanos)));
        } catch (RuntimeException e) {
            warnOnce(e);
        }
    }

    void started(JitStores stores) {
        try {
            observer.started(stores);
        } catch (RuntimeException e) {
            warnOnce(e);
        }
    }

    void scimRequest(String method, int status) {
        try {
            observer.scimRequest(method, status);
        } catch (RuntimeException e) {
            warnOnce(e);
        }
    }

    private void warnOnce(RuntimeException e) {
        if (!warned) {
            warned = true;
            LOG.warn("The JitObserver {} failed; its failures are ignored from now on", observer, e);
        }
    }
}
