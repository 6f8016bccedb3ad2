package io.jitprov.servlet;

import io.jitprov.core.memory.InMemoryReplayCache;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.oidc.OidcVerifier;
import io.jitprov.saml.SamlSingleLogout;
import io.jitprov.saml.SamlVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What {@link JitLogin.Builder#build} refuses: parts that do not fit together. */
final class LoginChecks {

    private LoginChecks() {
    }

    static void requireDerived(String what, String given, String served, String base) {
        if (!given.equals(served)) {
            throw new IllegalArgumentException("The SAML " + what + " URL must be [" + served + "], not [" + given
                    + "]: SamlServiceProvider.at(\"" + base + "\") derives it");
        }
    }

    static void requireProtocols(Map<String, List<IdpRoute>> routes, boolean saml, boolean oidc) {
        for (Map.Entry<String, List<IdpRoute>> tenant : routes.entrySet()) {
            for (IdpRoute route : tenant.getValue()) {
                if (!(route.protocol() == IdpRoute.Protocol.SAML ? saml : oidc)) {
                    throw new IllegalArgumentException("Tenant [" + tenant.getKey() + "] signs in through "
                            + route.protocol() + ", which is not configured");
                }
            }
        }
    }

    /**
     * With stores several nodes share, a component on one JVM's memory is a mistake that shows only
     * under attack (a replay accepted on the other node) or in production (a login nobody else sees).
     */
    static void refuseLocalStores(Provisioner provisioner, @Nullable SamlVerifier samlVerifier,
            @Nullable SamlSingleLogout samlSingleLogout, @Nullable OidcVerifier oidcVerifier) {
        List<String> local = new ArrayList<>();
        if (provisioner.userStore() instanceof InMemoryUserStore) {
            local.add("the provisioner's user store");
        }
        if (samlVerifier != null && samlVerifier.replayCache() instanceof InMemoryReplayCache) {
            local.add("the SAML verifier's replay cache");
        }
        if (samlSingleLogout != null && samlSingleLogout.replayCache() instanceof InMemoryReplayCache) {
            local.add("the SAML single logout's replay cache");
        }
        if (oidcVerifier != null && oidcVerifier.replayCache() instanceof InMemoryReplayCache) {
            local.add("the OIDC verifier's replay cache");
        }
        if (!local.isEmpty()) {
            throw new IllegalArgumentException("The stores are shared by several nodes, but " + String.join(", ", local)
                    + " live in this JVM's memory: give those components the stores too (builder().stores(stores))");
        }
    }
}
