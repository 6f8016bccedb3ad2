package io.jitprov.examples;

import io.jitprov.servlet.JitConfigurationException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code serve}: the demo application on 127.0.0.1 (8080 by default) until stopped. */
final class ServeCommand {

    static final String USAGE = "serve [--port 8080] [--data ./jit-demo-data] [--config FILE]";

    private static final Set<String> OPTIONS = Set.of("--port", "--data", "--config");

    private ServeCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            CommandLine line = CommandLine.parse(args, OPTIONS);
            int port = Integer.parseInt(line.optional("--port").orElse("8080"));
            DemoServer server = line.optional("--config").isPresent()
                    ? DemoServer.startWithConfig(port, Path.of(line.optional("--config").get()))
                    : DemoServer.startDemo(port, Path.of(line.optional("--data").orElse("jit-demo-data")));
            out.println("jit demo running at " + server.origin() + "/  (stop with Ctrl+C)");
            if (line.optional("--config").isEmpty()) {
                out.println("Sign in as alice@acme.test (SAML) or carol@globex.test (OpenID Connect) through the"
                        + " development IdP at " + server.origin() + "/dev-idp/ (demo only).");
                out.println("SCIM 2.0 for tenant acme: " + server.origin() + "/sso/scim/acme/v2/Users with this run's"
                        + " token; e.g. deprovision Bob (userName acme-bob) after his first login:");
                out.println("  curl -s -H 'Authorization: Bearer " + server.scimToken() + "' '" + server.origin()
                        + "/sso/scim/acme/v2/Users?filter=userName%20eq%20%22acme-bob%22'");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    err.println("Stopping the demo failed: " + e.getMessage());
                }
            }));
            server.join();
            return 0;
        } catch (CommandLine.UsageException | NumberFormatException e) {
            err.println("serve: " + e.getMessage());
            err.println("usage: java -jar jit-examples.jar " + USAGE);
            return 2;
        } catch (JitConfigurationException e) {
            err.println("serve: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("serve: the demo could not start: " + e.getMessage());
            return 2;
        }
    }
}
