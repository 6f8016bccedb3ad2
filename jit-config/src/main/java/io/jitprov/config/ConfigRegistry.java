package io.jitprov.config;

import io.jitprov.config.events.WebhookSender;
import io.jitprov.core.attributes.AttributeSchema;
import io.jitprov.core.audit.AuditTrail;
import io.jitprov.core.tenant.DnsTxtLookup;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.JndiDnsTxtLookup;
import io.jitprov.core.wiring.OutboundPolicy;
import io.jitprov.core.wiring.RefreshListener;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The file's {@code registry} section: tenants and connections live in the store and change at
 * runtime ({@link JitRegistry}), instead of in the file.
 */
final class ConfigRegistry {

    private ConfigRegistry() {
    }

    /** The admin API the section's {@code adminApi} describes, if it has one. */
    static Optional<JitAdminApi> adminApi(ConfigNode registry, JitRegistry built, AuditTrail trail,
            Function<String, @Nullable String> environment) {
        ConfigNode api = registry.get("adminApi");
        if (!api.present()) {
            return Optional.empty();
        }
        api.allowOnly("tokens", "tenantAdminRoles");
        JitAdminApi.Builder builder = JitAdminApi.builder(built).auditTrail(trail);
        for (ConfigNode token : api.get("tokens").list()) {
            token.allowOnly("id", "sha256", "token");
            String id = token.get("id").requiredText();
            Optional<String> hash = token.get("sha256").text();
            Optional<String> secret = token.get("token").secret(environment);
            if (hash.isPresent() == token.get("token").present()) {
                token.problem(null, "needs exactly one of sha256 (the token's SHA-256) and token ({env: ...})");
            } else if (!id.isEmpty()) {
                hash.or(() -> secret.map(JitAdminApi::hashToken)).ifPresent(h -> apply(token, () -> builder.token(id, h)));
            }
        }
        List<String> roles = api.get("tenantAdminRoles").texts();
        if (!roles.isEmpty()) {
            builder.tenantAdminRoles(roles.toArray(String[]::new));
        }
        return Optional.of(builder.build());
    }

    /** The registry the section describes, on {@code store}; empty when the section has problems. */
    static Optional<JitRegistry> read(ConfigNode registry, ConfigStore store, AttributeSchema schema,
            Function<String, @Nullable String> environment, RefreshListener refreshes) {
        int problemsBefore = registry.problemCount();
        registry.allowOnly("pollInterval", "cacheSize", "secretKeys", "outbound", "adminApi", "seed", "dns", "events");
        DomainRegistry.Builder domains = DomainRegistry.builder().store(store.domainStore()).clock(store.stores().clock());
        dns(registry.get("dns")).ifPresent(domains::dnsLookup);
        JitRegistry.Builder builder = JitRegistry.builder().store(store.registryStore()).schema(schema)
                .clock(store.stores().clock()).auditSink(store.stores().auditSink()).domains(domains.build())
                .refreshListener(refreshes);
        registry.get("pollInterval").duration().ifPresent(interval -> apply(registry.get("pollInterval"),
                () -> builder.pollInterval(interval)));
        registry.get("cacheSize").integer().ifPresent(size -> apply(registry.get("cacheSize"),
                () -> builder.cacheSize(size)));
        for (ConfigNode key : registry.get("secretKeys").list()) {
            key.allowOnly("id", "key");
            String id = key.get("id").requiredText();
            Optional<String> value = key.get("key").secret(environment);
            if (!id.isEmpty() && value.isPresent()) {
                apply(key, () -> builder.secretKey(id, base64(value.get())));
            }
        }
        Optional<OutboundPolicy> outbound = outbound(registry.get("outbound"));
        outbound.ifPresent(builder::outboundPolicy);
        events(registry.get("events"), outbound.orElse(OutboundPolicy.publicInternet()), environment, builder);
        return registry.problemCount() > problemsBefore ? Optional.empty() : Optional.of(builder.build());
    }

    /**
     * {@code events}: {@code checkInterval} (how often connections and domains are checked) and a
     * {@code webhook} ({@code url}, {@code secret} of at least 32 characters) that hears every event,
     * under the registry's outbound policy.
     */
    private static void events(ConfigNode events, OutboundPolicy policy, Function<String, @Nullable String> environment,
            JitRegistry.Builder builder) {
        if (!events.present()) {
            return;
        }
        events.allowOnly("checkInterval", "webhook");
        events.get("checkInterval").duration().ifPresent(interval -> apply(events.get("checkInterval"),
                () -> builder.checkInterval(interval)));
        ConfigNode webhook = events.get("webhook");
        if (!webhook.present()) {
            return;
        }
        webhook.allowOnly("url", "secret");
        String url = webhook.get("url").requiredText();
        Optional<String> secret = webhook.get("secret").secret(environment);
        if (secret.isEmpty()) {
            webhook.problem("secret", "is required: the receiver checks each delivery's signature with it");
            return;
        }
        if (!url.isEmpty()) {
            apply(webhook, () -> builder.events(WebhookSender.to(java.net.URI.create(url),
                    secret.get().getBytes(java.nio.charset.StandardCharsets.UTF_8)).outboundPolicy(policy).build()));
        }
    }

    /** {@code dns}: the DNS server domain proofs are looked up at, instead of the system's resolvers. */
    private static Optional<DnsTxtLookup> dns(ConfigNode dns) {
        if (!dns.present()) {
            return Optional.empty();
        }
        dns.allowOnly("server", "timeout");
        String server = dns.get("server").requiredText();
        if (!server.isEmpty() && !server.matches("dns://[^/?#\\s]+")) {
            dns.problem("server", "must be a DNS server such as dns://10.0.0.2:53, not [" + server + "]");
            return Optional.empty();
        }
        Duration timeout = dns.get("timeout").duration().orElse(Duration.ofSeconds(2));
        if (server.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JndiDnsTxtLookup.server(server, timeout));
        } catch (IllegalArgumentException e) {
            dns.problem("timeout", e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code outbound}: what connections' URLs may reach besides public HTTPS addresses. */
    private static Optional<OutboundPolicy> outbound(ConfigNode outbound) {
        if (!outbound.present()) {
            return Optional.empty();
        }
        outbound.allowOnly("allowHttp", "allow", "timeout");
        OutboundPolicy.Builder policy = OutboundPolicy.builder();
        if (outbound.get("allowHttp").bool(false)) {
            policy.allowHttp();
        }
        for (ConfigNode range : outbound.get("allow").list()) {
            range.text().ifPresent(cidr -> apply(range, () -> policy.allow(cidr)));
        }
        outbound.get("timeout").duration().ifPresent(timeout -> apply(outbound.get("timeout"),
                () -> policy.timeout(timeout)));
        return Optional.of(policy.build());
    }

    private static byte[] base64(String value) {
        try {
            return Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key must be 32 bytes in Base64 (e.g. from openssl rand -base64 32)");
        }
    }

    private static void apply(ConfigNode node, Runnable setting) {
        try {
            setting.run();
        } catch (IllegalArgumentException e) {
            node.problem(null, e.getMessage());
        }
    }
}
