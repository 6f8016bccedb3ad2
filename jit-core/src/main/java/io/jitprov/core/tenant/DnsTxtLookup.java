package io.jitprov.core.tenant;

import java.util.List;

/**
 * Looks up DNS TXT records, to prove that a tenant controls a domain.
 *
 * <p>The default, {@link JndiDnsTxtLookup}, asks the system's resolvers through the JDK's JNDI
 * DNS provider; replace it to use a specific resolver or a DNS-over-HTTPS client.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface DnsTxtLookup {

    /**
     * The TXT record values at {@code name}, each with its character-strings joined; empty when
     * the name does not exist or has no TXT records.
     *
     * @throws io.jitprov.core.JitStoreException with {@link io.jitprov.core.JitErrorCodes#STORE_UNAVAILABLE} when DNS could not
     *     be asked
     */
    List<String> txtRecords(String name);
}
