package io.jitprov.saml.internal;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import javax.xml.XMLConstants;
import net.shibboleth.utilities.java.support.component.ComponentInitializationException;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import org.opensaml.core.config.ConfigurationService;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.Initializer;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistry;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.w3c.dom.Element;

/**
 * Initialises OpenSAML once per class loader, and installs a parser pool as strict as
 * {@link SecureXml} for any place OpenSAML parses on its own (jit parses every message, and what
 * decrypts, with {@link SecureXml} itself); turns the DOM elements jit has checked into OpenSAML
 * objects.
 */
public final class OpenSaml {

    private static final String SKIPPED_INITIALIZER =
            "org.opensaml.security.config.impl.HttpClientSecurityConfigurationInitalizer";

    private static volatile boolean initialized;

    private OpenSaml() {
    }

    public static void ensureInitialized() {
        if (initialized) {
            return;
        }
        synchronized (OpenSaml.class) {
            if (initialized) {
                return;
            }
            try {
                runInitializers();
                XMLObjectProviderRegistry registry = ConfigurationService.get(XMLObjectProviderRegistry.class);
                if (registry == null) {
                    throw new IllegalStateException("OpenSAML did not register its XMLObject providers");
                }
                registry.setParserPool(parserPool());
            } catch (InitializationException | ComponentInitializationException e) {
                throw new IllegalStateException("OpenSAML could not be initialised", e);
            }
            initialized = true;
        }
    }

    /** The OpenSAML object for a DOM element jit has already parsed and checked; refused when it is not SAML. */
    public static XMLObject unmarshal(Element element) {
        Unmarshaller unmarshaller = XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(element);
        if (unmarshaller == null) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The message's root element is unknown");
        }
        try {
            return unmarshaller.unmarshall(element);
        } catch (UnmarshallingException e) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The message is not valid SAML: " + JitError.quote(e.getMessage()));
        }
    }

    /**
     * What {@code InitializationService.initialize()} does, minus the HttpClient security
     * initializer: an SP fetches metadata with java.net.http, so Apache HttpClient is not on the
     * class path, and that initializer is the only one that needs it.
     */
    private static void runInitializers() throws InitializationException {
        ServiceLoader<Initializer> loader = ServiceLoader.load(Initializer.class, OpenSaml.class.getClassLoader());
        for (ServiceLoader.Provider<Initializer> provider : (Iterable<ServiceLoader.Provider<Initializer>>)
                loader.stream()::iterator) {
            if (!SKIPPED_INITIALIZER.equals(provider.type().getName())) {
                provider.get().init();
            }
        }
    }

    private static BasicParserPool parserPool() throws ComponentInitializationException {
        BasicParserPool pool = new BasicParserPool();
        pool.setNamespaceAware(true);
        pool.setExpandEntityReferences(false);
        pool.setXincludeAware(false);
        pool.setIgnoreComments(true);
        Map<String, Boolean> features = new HashMap<>();
        features.put(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        features.put("http://apache.org/xml/features/disallow-doctype-decl", true);
        features.put("http://xml.org/sax/features/external-general-entities", false);
        features.put("http://xml.org/sax/features/external-parameter-entities", false);
        features.put("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        pool.setBuilderFeatures(features);
        pool.initialize();
        return pool;
    }
}
