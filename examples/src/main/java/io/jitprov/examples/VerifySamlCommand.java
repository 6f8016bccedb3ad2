package io.jitprov.examples;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.memory.InMemoryReplayCache;
import io.jitprov.saml.PendingAuthnRequest;
import io.jitprov.saml.SamlCredential;
import io.jitprov.saml.SamlIdentityProvider;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlMetadata;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlVerifier;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * {@code verify-saml}: checks pasted SAMLResponses exactly as the service provider would, and
 * says why each was refused. One JSON line per file; exit 0 when all were accepted, 1 when any
 * was rejected, 2 on a usage or configuration error.
 */
final class VerifySamlCommand {

    static final String USAGE = "verify-saml --idp-metadata FILE --sp-entity-id ID --acs-url URL [--now ISO-8601]"
            + " [--clock-skew SECONDS] [--in-response-to ID] [--sp-key PEM] FILE...";

    private static final Set<String> OPTIONS = Set.of("--idp-metadata", "--sp-entity-id", "--acs-url", "--now",
            "--clock-skew", "--in-response-to", "--sp-key");

    private VerifySamlCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            CommandLine line = CommandLine.parse(args, OPTIONS);
            Optional<String> inResponseTo = line.optional("--in-response-to");
            SamlIdentityProvider idp = SamlMetadata.parseIdentityProvider(CommandLine.read(line.required("--idp-metadata")))
                    // Without a request of ours, the response can only be IdP-initiated: check it as such.
                    .unsolicitedResponsesAllowed(inResponseTo.isEmpty())
                    .build();
            SamlServiceProvider.Builder sp = SamlServiceProvider.withEntityId(line.required("--sp-entity-id"))
                    .acsUrl(line.required("--acs-url"));
            if (line.optional("--sp-key").isPresent()) {
                sp.decryptionKey(SamlCredential.readPrivateKey(CommandLine.read(line.required("--sp-key"))));
            }
            Clock clock = line.clock("--now");
            SamlVerifier verifier = SamlVerifier.builder()
                    .serviceProvider(sp.build())
                    .identityProviders(SamlIdentityProviders.of(idp))
                    .clock(clock)
                    .clockSkew(line.seconds("--clock-skew", Duration.ofSeconds(60)))
                    .replayCache(new InMemoryReplayCache(clock, InMemoryReplayCache.DEFAULT_MAX_ENTRIES))
                    .build();
            PendingAuthnRequest request = inResponseTo.map(id -> new PendingAuthnRequest(id, idp.entityId())).orElse(null);

            boolean allAccepted = true;
            for (String file : line.files()) {
                String encoded = CommandLine.read(file);
                try {
                    VerifiedIdentity identity = verifier.verify(encoded, request);
                    out.println(Verdicts.accepted(file, identity));
                } catch (JitAuthenticationException e) {
                    out.println(Verdicts.rejected(file, e));
                    allAccepted = false;
                }
            }
            return allAccepted ? 0 : 1;
        } catch (CommandLine.UsageException | IllegalArgumentException e) {
            err.println("verify-saml: " + e.getMessage());
            err.println("usage: java -jar jit-examples.jar " + USAGE);
            return 2;
        }
    }

}
