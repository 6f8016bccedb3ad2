package io.jitprov.examples;

import io.jitprov.config.JitConfigFile;
import io.jitprov.config.JitConfigurationException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** {@code serve}: the demo application on 127.0.0.1 (8080 by default) until stopped. */
final class ServeCommand {

    static final String USAGE = "serve [--port 8080] [--data ./jit-demo-data] | serve --config FILE [--port N]";

    private static final Set<String> OPTIONS = Set.of("--port", "--data", "--config");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    private ServeCommand() {
    }

    /**
     * The demo on the options' port and data, or, with {@code --config}, where the file's
     * {@code baseUrl} says: {@code --data} is refused there (the file's {@code store} names the
     * database), and so is a {@code --port} other than a loopback {@code baseUrl}'s. Behind a
     * {@code baseUrl} elsewhere (a tunnel or proxy), the demo listens on {@code --port}.
     */
    static DemoServer start(CommandLine line) throws Exception {
        Optional<String> port = line.optional("--port");
        if (line.optional("--config").isEmpty()) {
            return DemoServer.startDemo(Integer.parseInt(port.orElse("8080")),
                    Path.of(line.optional("--data").orElse("jit-demo-data")));
        }
        Path file = Path.of(line.optional("--config").get());
        if (line.optional("--data").isPresent()) {
            throw new CommandLine.UsageException("--data is for the built-in demo only; with --config, the file's"
                    + " store setting names the database");
        }
        URI base = URI.create(JitConfigFile.baseUrl(file));
        if (!LOOPBACK.contains(String.valueOf(base.getHost()))) {
            return DemoServer.startWithConfig(Integer.parseInt(port.orElse("8080")), file);
        }
        int listen = base.getPort() == -1 ? 80 : base.getPort();
        if (!"http".equals(base.getScheme())) {
            throw new CommandLine.UsageException("baseUrl " + base + " in " + file + " is on this machine, where the"
                    + " demo serves plain HTTP: write http://");
        }
        if (port.isPresent() && Integer.parseInt(port.get()) != listen) {
            throw new CommandLine.UsageException("--port " + port.get() + " does not match baseUrl " + base + " in "
                    + file + ", where the demo listens: leave --port out");
        }
        return DemoServer.startWithConfig(listen, file);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            CommandLine line = CommandLine.parse(args, OPTIONS);
            DemoServer server = start(line);
            out.println("jit demo running at " + server.origin() + "/  (stop with Ctrl+C)");
            if (line.optional("--config").isEmpty()) {
                server.hints().forEach(out::println);
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
