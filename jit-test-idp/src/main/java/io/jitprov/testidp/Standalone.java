package io.jitprov.testidp;

import com.nimbusds.jose.util.JSONArrayUtils;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/** {@code java -jar jit-test-idp.jar}: the test IdP on a fixed port until the process is stopped. */
final class Standalone {

    static final int DEFAULT_PORT = 8180;

    private static final String USAGE = """
            Usage: java -jar jit-test-idp.jar [options]

              --port N               listen on 127.0.0.1:N (default 8180; 0 picks a free port)
              --people FILE          the people to offer: a JSON array of
                                     {"email", "name", "subject", "groups": [..], "emailVerified",
                                      "mfa", "attributes": {"name": ["value", ..]}}
              --sign-in-as EMAIL     sign that person in without showing the picker
              --client-id ID         the OpenID Connect client (default jit-test-client)
              --client-secret SECRET its secret (default jit-test-secret)
              --public-client        the client has no secret and must use PKCE
              --es256                sign ID tokens with ES256 instead of RS256
              --allow-origin ORIGIN  answer service providers at this origin too (repeatable)
              --help                 this text

            A test IdP signs in whoever is picked: never let a real application trust it.
            """;

    private Standalone() {
    }

    /** What the command line led to: a running IdP, or the exit code to end with. */
    record Outcome(@Nullable TestIdp idp, int exitCode) { }

    /** Runs until the process ends; returns the exit code for help (0), a usage error (2) or a bad file or port (1). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Outcome outcome = start(args, out, err);
        if (outcome.idp() == null) {
            return outcome.exitCode();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(outcome.idp()::close));
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Reads the command line and starts the IdP it describes, saying where it listens. */
    static Outcome start(String[] args, PrintStream out, PrintStream err) {
        TestIdp.Builder builder = TestIdp.builder().port(DEFAULT_PORT);
        String signInAs = null;
        String clientId = "jit-test-client";
        String clientSecret = "jit-test-secret";
        boolean publicClient = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--help" -> {
                        out.print(USAGE);
                        return new Outcome(null, 0);
                    }
                    case "--port" -> builder.port(Integer.parseInt(value(args, ++i)));
                    case "--people" -> builder.people(people(Path.of(value(args, ++i))).toArray(TestPerson[]::new));
                    case "--sign-in-as" -> signInAs = value(args, ++i);
                    case "--client-id" -> clientId = value(args, ++i);
                    case "--client-secret" -> clientSecret = value(args, ++i);
                    case "--public-client" -> publicClient = true;
                    case "--es256" -> builder.tokenSigning(TestIdp.TokenSigning.ES256);
                    case "--allow-origin" -> builder.allowRedirectsTo(value(args, ++i));
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return new Outcome(null, 2);
        } catch (IOException | ParseException | ClassCastException e) {
            err.println("The people file cannot be read: " + e.getMessage());
            return new Outcome(null, 1);
        }
        if (publicClient) {
            builder.publicClient(clientId);
        } else {
            builder.client(clientId, clientSecret);
        }
        if (signInAs != null) {
            String email = signInAs;
            var person = builder.people().stream().filter(p -> p.email().equalsIgnoreCase(email)).findFirst();
            if (person.isEmpty()) {
                err.println("Nobody offered has the email " + email);
                return new Outcome(null, 2);
            }
            builder.signingInAs(person.get());
        }
        TestIdp idp;
        try {
            idp = builder.start();
        } catch (IllegalStateException e) {
            err.println(e.getMessage() + ": " + e.getCause().getMessage());
            return new Outcome(null, 1);
        }
        out.println("jit test IdP on " + idp.baseUrl() + " (tests and local runs only: it signs in whoever is picked)");
        out.println("  SAML     entity ID      " + idp.samlEntityId());
        out.println("           metadata       " + idp.samlMetadataUrl());
        out.println("  OIDC     issuer         " + idp.oidcIssuer());
        out.println("           client         " + idp.clientId() + (publicClient ? " (public: no secret, PKCE)"
                : " / " + idp.clientSecret() + " (client_secret_basic or client_secret_post)"));
        out.println("  People   " + String.join(", ", idp.people().stream().map(TestPerson::email).toList()));
        out.println("Stop it with Ctrl+C.");
        return new Outcome(idp, 0);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    @SuppressWarnings("unchecked")
    static List<TestPerson> people(Path file) throws IOException, ParseException {
        List<TestPerson> people = new ArrayList<>();
        for (Object entry : JSONArrayUtils.parse(Files.readString(file))) {
            if (!(entry instanceof Map)) {
                throw new ParseException("entry " + (people.size() + 1) + " is not an object", 0);
            }
            Map<String, Object> person = (Map<String, Object>) entry;
            if (!(person.get("email") instanceof String email) || email.isBlank()) {
                throw new ParseException("entry " + (people.size() + 1) + " has no email", 0);
            }
            try {
                people.add(person(person));
            } catch (IllegalArgumentException e) {
                throw new ParseException("entry " + (people.size() + 1) + ": " + e.getMessage(), 0);
            }
        }
        if (people.isEmpty()) {
            throw new ParseException("it lists nobody", 0);
        }
        return people;
    }

    @SuppressWarnings("unchecked")
    private static TestPerson person(Map<String, Object> person) {
        TestPerson.Builder b = TestPerson.withEmail((String) person.get("email"));
        if (person.get("name") != null) {
            b.name((String) person.get("name"));
        }
        if (person.get("subject") != null) {
            b.subject((String) person.get("subject"));
        }
        if (person.get("groups") != null) {
            b.groups(((List<Object>) person.get("groups")).stream().map(String::valueOf).toList());
        }
        b.emailVerified(!Boolean.FALSE.equals(person.get("emailVerified")));
        b.mfa(Boolean.TRUE.equals(person.get("mfa")));
        if (person.get("attributes") != null) {
            ((Map<String, Object>) person.get("attributes")).forEach((name, values) -> b.attribute(name,
                    values instanceof List<?> list ? list.stream().map(String::valueOf).toArray(String[]::new)
                            : new String[] {String.valueOf(values)}));
        }
        return b.build();
    }
}
