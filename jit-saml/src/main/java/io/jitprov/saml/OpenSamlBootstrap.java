package io.jitprov.saml;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import javax.xml.XMLConstants;
import net.shibboleth.utilities.java.support.component.ComponentInitializationException;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import org.opensaml.core.config.ConfigurationService;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.Initializer;
import org.opensaml.core.xml.config.XMLObjectProviderRegistry;

/**
 * Initialises OpenSAML once per class loader, and installs a parser pool as strict as
 * {@link SecureXml} for any place OpenSAML parses on its own (jit parses every message, and what
 * decrypts, with {@link SecureXml} itself).
 */
final class OpenSamlBootstrap {

    private static final String SKIPPED_INITIALIZER =
            "org.opensaml.security.config.impl.HttpClientSecurityConfigurationInitalizer";

    private static volatile boolean initialized;

    private OpenSamlBootstrap() {
    }

    static void ensureInitialized() {
        if (initialized) {
            return;
        }
        synchronized (OpenSamlBootstrap.class) {
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

    /**
     * What {@code InitializationService.initialize()} does, minus the HttpClient security
     * initializer: an SP fetches metadata with java.net.http, so Apache HttpClient is not on the
     * class path, and that initializer is the only one that needs it.
     */
    private static void runInitializers() throws InitializationException {
        ServiceLoader<Initializer> loader = ServiceLoader.load(Initializer.class, OpenSamlBootstrap.class.getClassLoader());
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
