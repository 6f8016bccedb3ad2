package io.jitprov.config;

import io.jitprov.servlet.JitFilter;
import io.jitprov.servlet.JitObserver;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@link JitFilter}, configured from a YAML or JSON file ({@link JitConfigFile}). Two ways to name
 * the file, with the same setting name, {@code configFile}: {@link #setConfigFile} (programmatic
 * registration), or the {@code configFile} init-param in {@code web.xml}, which overrides only
 * when present. A file with problems stops {@link #init} with every problem listed, so the
 * application does not start half-configured.
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>jit</filter-name>
 *   <filter-class>io.jitprov.config.JitConfigFileFilter</filter-class>
 *   <init-param><param-name>configFile</param-name><param-value>/etc/myapp/jit.yaml</param-value></init-param>
 * </filter>
 * }</pre>
 *
 * @since 0.1
 */
public final class JitConfigFileFilter implements Filter {

    /** The init-param naming the configuration file. */
    public static final String CONFIG_FILE = "configFile";

    private @Nullable String configFile;
    private @Nullable JitFilter filter;
    private JitObserver observer = JitObserver.NONE;

    /** For {@code web.xml} or programmatic registration: the file is read in {@link #init}. */
    public JitConfigFileFilter() {
    }

    /**
     * Told of every sign-in, SCIM request and read of an IdP's metadata or keys: jit-micrometer's
     * {@code JitMeters}. For programmatic registration ({@code servletContext.addFilter("jit", filter)}).
     */
    public void setObserver(JitObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer cannot be null");
    }

    /** The configuration file to read in {@link #init}; an init-param of the same name wins. */
    public void setConfigFile(String configFile) {
        this.configFile = configFile;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        String fromInitParam = config.getInitParameter(CONFIG_FILE);
        String file = fromInitParam != null ? fromInitParam : configFile;
        if (file == null) {
            throw new ServletException("JitConfigFileFilter needs a " + CONFIG_FILE + " init-param or setConfigFile");
        }
        try {
            filter = new JitFilter(JitConfiguration.fromFile(Path.of(file)).observer(observer).load().build());
        } catch (JitConfigurationException e) {
            throw new ServletException(e.getMessage(), e);
        }
        filter.init(config);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        JitFilter started = filter;
        if (started == null) {
            throw new ServletException("JitConfigFileFilter was not initialised");
        }
        started.doFilter(request, response, chain);
    }

    @Override
    public void destroy() {
        if (filter != null) {
            filter.destroy();
        }
    }
}
