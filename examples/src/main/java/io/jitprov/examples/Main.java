package io.jitprov.examples;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar jit-examples.jar <command> [options]}: dispatches to the demo and tools.
 * Exit codes: 0 success, 1 a check failed, 2 usage or configuration error.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "demo" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "serve":
                return ServeCommand.run(rest, out, err);
            case "demo":
                return ProvisioningDemo.run(out);
            case "verify-saml":
                return VerifySamlCommand.run(rest, out, err);
            case "verify-oidc":
                return VerifyOidcCommand.run(rest, out, err);
            case "registry-export":
                return RegistryExportCommand.run(rest, out, err);
            case "help":
            case "--help":
            case "-h":
                usage(out);
                return 0;
            default:
                err.println("Unknown command: " + command);
                usage(err);
                return 2;
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar jit-examples.jar <command>");
        out.println();
        out.println("commands:");
        out.println("  serve          the demo SaaS application with a development IdP, on 127.0.0.1:8080:");
        out.println("                 " + ServeCommand.USAGE);
        out.println("  demo           provision accounts from verified identities and show every decision");
        out.println("  verify-saml    check SAMLResponses as the service provider would, one JSON line each:");
        out.println("                 " + VerifySamlCommand.USAGE);
        out.println("  verify-oidc    check ID tokens as the relying party would, one JSON line each:");
        out.println("                 " + VerifyOidcCommand.USAGE);
        out.println("  registry-export  the tenants and connections of a file's registry, as a configuration file:");
        out.println("                 " + RegistryExportCommand.USAGE);
        out.println("  help           this text");
    }
}
