package io.jitprov.interop;

import io.jitprov.config.JitConfigFile;
import io.jitprov.config.JitRegistry;
import io.jitprov.config.SetupLink;
import io.jitprov.config.setup.JitSetup;
import io.jitprov.servlet.JitFilter;
import jakarta.servlet.DispatcherType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;

/**
 * An application whose tenants and connections live in the registry, with the setup pages
 * mounted: where a customer's IT admin connects Keycloak themselves through a setup link.
 */
final class SetupSp implements AutoCloseable {

    private final Server server = new Server();
    private final AtomicReference<JitRegistry> registry = new AtomicReference<>();

    private SetupSp() {
    }

    static SetupSp start(int port, Path directory) throws Exception {
        SetupSp sp = new SetupSp();
        Files.writeString(directory.resolve("registry.key"), "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        Path config = Files.writeString(directory.resolve("jit-setup.yaml"), """
                baseUrl: http://127.0.0.1:%d
                protectedPaths: [/app/]
                postLoginPath: /app/
                store: {jdbcUrl: "jdbc:h2:mem:setup-%s;DB_CLOSE_DELAY=-1", createSchema: true}
                registry:
                  secretKeys: [{id: k1, key: {file: registry.key}}]
                  outbound: {allowHttp: true, allow: [127.0.0.0/8]}
                """.formatted(port, UUID.randomUUID()));
        JitFilter filter = new JitFilter(JitConfigFile.load(config, (login, registry) -> {
            sp.registry.set(registry);
            login.mount(SetupLink.PATH, JitSetup.builder(registry).productName("Interop SaaS").build());
        }).build());
        HttpConfiguration http = new HttpConfiguration();
        http.setPersistentConnectionsEnabled(false);
        ServerConnector connector = new ServerConnector(sp.server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        sp.server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new InteropSp.WhoAmI()), "/app/*");
        sp.server.setHandler(context);
        // Which requests Keycloak and the browser made, for reading a failed run.
        sp.server.setRequestLog(new CustomRequestLog(new Slf4jRequestLogWriter(), "%m %U %s"));
        sp.server.start();
        return sp;
    }

    JitRegistry registry() {
        return registry.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
