package io.jitprov.examples;

import com.nimbusds.jose.jwk.JWKSet;
import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.memory.InMemoryReplayCache;
import io.jitprov.oidc.IdTokenExpectations;
import io.jitprov.oidc.JwkSetSource;
import io.jitprov.oidc.OidcProvider;
import io.jitprov.oidc.OidcProviders;
import io.jitprov.oidc.OidcVerifier;
import java.io.PrintStream;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * {@code verify-oidc}: checks ID tokens exactly as the relying party would, and says why each was
 * refused. One JSON line per file; exit 0 when all were accepted, 1 when any was rejected, 2 on a
 * usage or configuration error.
 */
final class VerifyOidcCommand {

    static final String USAGE = "verify-oidc --issuer URL --client-id ID --jwks FILE [--now ISO-8601]"
            + " [--clock-skew SECONDS] [--nonce VALUE] FILE...";

    private static final Set<String> OPTIONS = Set.of("--issuer", "--client-id", "--jwks", "--now", "--clock-skew",
            "--nonce");

    private VerifyOidcCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            CommandLine line = CommandLine.parse(args, OPTIONS);
            JWKSet keys;
            try {
                keys = JWKSet.parse(CommandLine.read(line.required("--jwks")));
            } catch (ParseException e) {
                throw new CommandLine.UsageException("--jwks is not a JWK set: " + e.getMessage());
            }
            OidcProvider provider = OidcProvider.withIssuer(line.required("--issuer"))
                    .clientId(line.required("--client-id")).jwks(JwkSetSource.of(keys)).build();
            Clock clock = line.clock("--now");
            OidcVerifier verifier = OidcVerifier.builder()
                    .providers(OidcProviders.of(provider))
                    .clock(clock)
                    .clockSkew(line.seconds("--clock-skew", Duration.ofSeconds(60)))
                    .replayCache(new InMemoryReplayCache(clock, InMemoryReplayCache.DEFAULT_MAX_ENTRIES))
                    .build();
            IdTokenExpectations expected = line.optional("--nonce").map(IdTokenExpectations::nonce)
                    .orElse(IdTokenExpectations.none());

            boolean allAccepted = true;
            for (String file : line.files()) {
                String token = CommandLine.read(file);
                try {
                    VerifiedIdentity identity = verifier.verifyIdToken(token, expected);
                    out.println(Verdicts.accepted(file, identity));
                } catch (JitAuthenticationException e) {
                    out.println(Verdicts.rejected(file, e));
                    allAccepted = false;
                }
            }
            return allAccepted ? 0 : 1;
        } catch (CommandLine.UsageException | IllegalArgumentException e) {
            err.println("verify-oidc: " + e.getMessage());
            err.println("usage: java -jar jit-examples.jar " + USAGE);
            return 2;
        }
    }
}
