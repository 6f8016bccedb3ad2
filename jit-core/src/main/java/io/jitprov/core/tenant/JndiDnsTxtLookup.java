package io.jitprov.core.tenant;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.jspecify.annotations.Nullable;

/**
 * {@link DnsTxtLookup} through the JDK's JNDI DNS provider ({@code com.sun.jndi.dns}).
 *
 * @since 0.1
 */
public final class JndiDnsTxtLookup implements DnsTxtLookup {

    private final String providerUrl;
    private final Duration timeout;

    private JndiDnsTxtLookup(String providerUrl, Duration timeout) {
        this.providerUrl = providerUrl;
        this.timeout = timeout;
    }

    /** Asks the resolvers the operating system is configured with. */
    public static JndiDnsTxtLookup system() {
        return new JndiDnsTxtLookup("dns:", Duration.ofSeconds(2));
    }

    /**
     * Asks one DNS server, e.g. {@code dns://10.0.0.2:53}.
     *
     * @param providerUrl a JNDI DNS URL
     * @param timeout how long to wait for the first answer (the JDK retries once, doubling it)
     */
    public static JndiDnsTxtLookup server(String providerUrl, Duration timeout) {
        Objects.requireNonNull(providerUrl, "providerUrl cannot be null");
        return new JndiDnsTxtLookup(providerUrl, Durations.positive("timeout", timeout));
    }

    @Override
    public List<String> txtRecords(String name) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(DirContext.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(DirContext.PROVIDER_URL, providerUrl);
        env.put("com.sun.jndi.dns.timeout.initial", Long.toString(timeout.toMillis()));
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        @Nullable DirContext context = null;
        try {
            context = new InitialDirContext(env);
            Attributes attributes = context.getAttributes(name, new String[] {"TXT"});
            Attribute txt = attributes.get("TXT");
            List<String> records = new ArrayList<>();
            if (txt != null) {
                NamingEnumeration<?> values = txt.getAll();
                while (values.hasMore()) {
                    records.add(joinCharacterStrings(String.valueOf(values.next())));
                }
            }
            return records;
        } catch (NameNotFoundException e) {
            return List.of();
        } catch (NamingException e) {
            throw new JitStoreException(JitErrorCodes.STORE_UNAVAILABLE,
                    "DNS TXT lookup of [" + name + "] failed: " + e.getMessage(), e);
        } finally {
            closeQuietly(context);
        }
    }

    /**
     * JNDI renders a TXT record's character-strings separated by spaces, quoting those that hold
     * a space and escaping quotes and backslashes; DNS semantics join them without separator.
     */
    static String joinCharacterStrings(String rendered) {
        StringBuilder joined = new StringBuilder(rendered.length());
        boolean inQuotes = false;
        for (int i = 0; i < rendered.length(); i++) {
            char c = rendered.charAt(i);
            if (c == '\\' && i + 1 < rendered.length()) {
                joined.append(rendered.charAt(++i));
            } else if (c == '"') {
                inQuotes = !inQuotes;
            } else if (c != ' ' || inQuotes) {
                joined.append(c);
            }
        }
        return joined.toString();
    }

    private static void closeQuietly(@Nullable DirContext context) {
        if (context != null) {
            try {
                context.close();
            } catch (NamingException ignored) {
                // nothing was held open that matters after the answer arrived
            }
        }
    }
}
