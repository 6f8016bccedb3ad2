package io.jitprov.core.tenant;

import java.util.Optional;
import java.util.Set;

/**
 * Mail domains where anyone can have an address: no tenant may claim one (or a name below one),
 * or a stranger who signs up there would sign in as that tenant's member.
 */
final class ConsumerDomains {

    /** Well-known free mail providers; {@code DomainRegistry.Builder.consumerDomains} adds more. */
    static final Set<String> WELL_KNOWN = Set.of("gmail.com", "googlemail.com", "outlook.com", "hotmail.com",
            "live.com", "msn.com", "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com",
            "proton.me", "protonmail.com", "pm.me", "gmx.com", "gmx.net", "gmx.de", "web.de", "mail.com",
            "yandex.com", "yandex.ru", "mail.ru", "zoho.com", "fastmail.com", "tutanota.com", "qq.com", "163.com",
            "126.com", "naver.com", "hey.com");

    private final Set<String> domains;

    ConsumerDomains(Set<String> domains) {
        this.domains = Set.copyOf(domains);
    }

    /** The consumer domain {@code normalized} is, or lies below. */
    Optional<String> covering(String normalized) {
        for (String domain : domains) {
            if (normalized.equals(domain) || normalized.endsWith("." + domain)) {
                return Optional.of(domain);
            }
        }
        return Optional.empty();
    }
}
