package io.jitprov.examples;

import io.jitprov.config.JitConfigFile;
import io.jitprov.config.JitConfigurationException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code registry-export}: writes the tenants and connections of a configuration file's registry
 * as a configuration file (YAML), for backups and review; {@code registry.seed: true} imports it.
 * Exit 0 on success, 2 on a usage or configuration error.
 */
final class RegistryExportCommand {

    static final String USAGE = "registry-export --config FILE";

    private RegistryExportCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            CommandLine line = CommandLine.parse(args, Set.of("--config"));
            out.print(JitConfigFile.exportRegistry(Path.of(line.required("--config"))));
            return 0;
        } catch (CommandLine.UsageException e) {
            err.println("registry-export: " + e.getMessage());
            err.println("usage: java -jar jit-examples.jar " + USAGE);
            return 2;
        } catch (JitConfigurationException e) {
            err.println("registry-export: " + e.getMessage());
            return 2;
        }
    }
}
