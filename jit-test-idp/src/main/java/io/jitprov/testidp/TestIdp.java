package io.jitprov.testidp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * An in-process SAML 2.0 IdP and OpenID provider, on 127.0.0.1, for an application's tests and
 * local runs: point jit (or any service provider) at {@link #samlMetadataUrl()} or
 * {@link #oidcIssuer()}, choose who signs in, and ask for the failures a real IdP produces.
 * It signs in whoever it is told to: <strong>never trust it outside tests</strong>.
 *
 * <pre>
 * try (TestIdp idp = TestIdp.builder().tokenSigning(TestIdp.TokenSigning.ES256).start()) {
 *     idp.signInAs(TestPerson.withEmail("alice@acme.test").groups("acme-admins").build());
 *     // the application redirects a browser to the IdP; in-process, without one:
 *     TestIdp.Answer answer = idp.answer(redirectLocationTheApplicationSent);
 *     // answer.method() "POST" to answer.url() with answer.fields() (SAML), or "GET" answer.url() (OIDC)
 * }
 * </pre>
 *
 * <p>Endpoints: {@code /saml/metadata}, {@code /saml/sso} (HTTP-Redirect and HTTP-POST),
 * {@code /saml/slo}; {@code /oidc/.well-known/openid-configuration}, {@code /oidc/jwks},
 * {@code /oidc/authorize} (code flow, PKCE S256), {@code /oidc/token} (client_secret_basic or
 * client_secret_post), {@code /oidc/userinfo}, {@code /oidc/logout}. With nobody chosen, a browser
 * gets a page to pick a person and a failure. {@code java -jar jit-test-idp.jar --help} runs it alone.
 *
 * @since 0.1
 */
public final class TestIdp implements AutoCloseable {

    /** The SAML authentication context (and OpenID Connect {@code acr}) of a sign-in with a second factor. */
    public static final String MFA_CONTEXT = "urn:jit:test-idp:mfa";

    /** How ID tokens are signed. */
    public enum TokenSigning { RS256, ES256 }

    /** Which protocol a session was started with. */
    public enum Protocol { SAML, OIDC }

    /** What a sign-in can be made to go wrong with, as a misconfigured or hostile IdP would. */
    public enum Failure {
        /** SAML status Responder/AuthnFailed; OpenID Connect {@code error=access_denied}. */
        SIGN_IN_REFUSED("a refusal: this person may not sign in"),
        /** Signed with a key the IdP does not publish: a forgery. */
        UNKNOWN_KEY("a forgery: signed with a key the IdP does not publish"),
        /** SAML Audience, OpenID Connect {@code aud}: another service. */
        WRONG_AUDIENCE("an answer meant for another service (audience)"),
        /** SAML Destination and Recipient name another ACS URL; OpenID Connect's {@code iss} parameter another provider. */
        WRONG_RECIPIENT("an answer addressed elsewhere (ACS URL or issuer)"),
        /** Issued ten minutes ago, valid for five. */
        EXPIRED("an expired answer"),
        /** OpenID Connect only: the token endpoint answers 500 {@code server_error}. */
        TOKEN_ENDPOINT_ERROR("a failing token endpoint (OpenID Connect)");

        private final String words;

        Failure(String words) {
            this.words = words;
        }

        String words() {
            return words;
        }
    }

    /**
     * Where the IdP sends the browser next: {@code GET url} (OpenID Connect's redirect back), or
     * {@code POST fields} to {@code url} (SAML's HTTP-POST binding).
     *
     * @param method {@code "GET"} or {@code "POST"}
     * @param url the address
     * @param fields the form fields to post; empty for a GET
     */
    public record Answer(String method, String url, Map<String, String> fields) {

        public Answer {
            Objects.requireNonNull(method, "method cannot be null");
            Objects.requireNonNull(url, "url cannot be null");
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /**
         * The fields as a form body ({@code application/x-www-form-urlencoded}), as a browser posts
         * them: for MockMvc's {@code content(...)}, since jit reads its forms from the body.
         */
        public String formBody() {
            StringJoiner body = new StringJoiner("&");
            fields.forEach((name, value) -> body.add(Pages.encode(name) + "=" + Pages.encode(value)));
            return body.toString();
        }
    }

    /**
     * A sign-in the IdP answered: what single logout ends.
     *
     * @param protocol SAML or OIDC
     * @param person who signed in
     * @param id the SAML SessionIndex or the OpenID Connect {@code sid}
     * @param audience the service provider's entity ID, or the client ID
     */
    public record Session(Protocol protocol, TestPerson person, String id, String audience) { }

    private final List<TestPerson> people;
    private final @Nullable TestPerson initialPerson;
    private final Keys keys;
    private final SamlSide saml;
    private final OidcSide oidc;
    private final SignIns signIns;
    private final IdpServer server;
    private final AtomicReference<@Nullable TestPerson> chosen = new AtomicReference<>();
    private volatile boolean down;

    private TestIdp(Builder b) throws IOException {
        this.people = b.people;
        this.initialPerson = b.signingInAs;
        this.keys = new Keys(b.tokenSigning);
        this.server = new IdpServer(this, b.port);
        String base = server.baseUrl();
        this.saml = new SamlSide(base + "/saml", base + "/saml/sso", base + "/saml/slo", keys, b.encryptTo);
        this.oidc = new OidcSide(base + "/oidc", b.clientId, b.clientSecret, keys);
        this.signIns = new SignIns(saml, oidc, new RedirectTargets(b.origins));
        chosen.set(b.signingInAs);
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts an IdP with the defaults: a free port, Alice and Bob of example.com, RS256. */
    public static TestIdp start() {
        return builder().start();
    }

    /** {@code java -jar jit-test-idp.jar}: runs the IdP until stopped; {@code --help} says how. */
    public static void main(String[] args) {
        System.exit(Standalone.run(args, System.out, System.err));
    }

    /** The origin the IdP listens on, {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return server.baseUrl();
    }

    public String samlEntityId() {
        return saml.entityId();
    }

    public String samlMetadataUrl() {
        return baseUrl() + "/saml/metadata";
    }

    /** The SAML metadata: signing certificates (after a rotation, the previous one too) and endpoints. */
    public String samlMetadata() {
        return saml.metadata();
    }

    public String oidcIssuer() {
        return oidc.issuer();
    }

    public String clientId() {
        return oidc.clientId();
    }

    /**
     * The client's secret.
     *
     * @throws IllegalStateException when the client is {@link Builder#publicClient public}
     */
    public String clientSecret() {
        String secret = oidc.clientSecret();
        if (secret == null) {
            throw new IllegalStateException("The client " + oidc.clientId() + " is public: it has no secret");
        }
        return secret;
    }

    /** The people the picker page offers. */
    public List<TestPerson> people() {
        return people;
    }

    /** Every sign-in from now on is {@code person}'s, without a page, until another is chosen or {@link #reset()}. */
    public TestIdp signInAs(TestPerson person) {
        chosen.set(Objects.requireNonNull(person, "person cannot be null"));
        return this;
    }

    /** From now on a browser picks the person on a page; {@link #answer} needs someone chosen. */
    public TestIdp showPicker() {
        chosen.set(null);
        return this;
    }

    /** The next sign-in (of the protocol the failure applies to) goes wrong this way; then all is well again. */
    public TestIdp failNext(Failure failure) {
        signIns.failNext(Objects.requireNonNull(failure, "failure cannot be null"));
        return this;
    }

    /** Until {@link #up()}, every endpoint answers 503, as an IdP in an outage does. */
    public TestIdp down() {
        down = true;
        return this;
    }

    public TestIdp up() {
        down = false;
        return this;
    }

    /** A new signing key signs from now on; the previous one stays published until {@link #retirePreviousKeys()}. */
    public void rotateKeys() {
        keys.rotate();
    }

    public void retirePreviousKeys() {
        keys.retirePrevious();
    }

    /**
     * Answers, in-process, the sign-in request a service provider redirected a browser to (its
     * {@code Location}): a SAML AuthnRequest (HTTP-Redirect binding) or an OpenID Connect
     * authorization request, as the chosen person.
     *
     * @throws IllegalStateException when nobody is chosen or the IdP is {@link #down()}
     * @throws IllegalArgumentException when the request is not one this IdP answers, with why
     */
    public Answer answer(String signInUrl) {
        if (down) {
            throw new IllegalStateException("The test IdP is down: call up() first");
        }
        TestPerson person = chosen.get();
        if (person == null) {
            throw new IllegalStateException("Nobody is chosen to sign in: call signInAs(person) first");
        }
        URI uri = URI.create(signInUrl);
        String at = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
        Map<String, String> query;
        try {
            query = IdpServer.parameters(uri.getRawQuery());
            if (at.equals(baseUrl() + "/saml/sso") && query.containsKey("SAMLRequest")) {
                return signIns.saml(saml.read(query.get("SAMLRequest"), true), query.get("RelayState"), person);
            }
            if (at.equals(oidc.issuer() + "/authorize")) {
                return signIns.oidc(query, person);
            }
        } catch (IdpRefusal e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        throw new IllegalArgumentException("Not a sign-in request to this IdP: " + at);
    }

    /** An unsolicited (IdP-initiated) SAML response for {@code person}, to post to {@code acsUrl}. */
    public Answer samlResponse(TestPerson person, String audience, String acsUrl) {
        return signIns.saml(new SamlSide.AuthnRequest("", audience, acsUrl), null, person);
    }

    /** The sign-ins answered so far, oldest first (at most the last 1,000). */
    public List<Session> sessions() {
        return signIns.sessions();
    }

    /** The signed LogoutRequest ending {@code session}: post it to the service provider's {@code sloUrl}, with the browser's cookies. */
    public Answer samlLogout(Session session, String sloUrl) {
        return saml.logoutRequest(session, sloUrl);
    }

    /**
     * Sends a signed back-channel logout token ending {@code session} to the relying party's
     * {@code logoutUri} (OpenID Connect Back-Channel Logout 1.0 §2.5) and returns the HTTP status.
     */
    public int backChannelLogout(Session session, String logoutUri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(logoutUri)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + Pages.encode(oidc.logoutToken(session))))
                .build();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Back to how it was built: the person chosen then, no failure pending, up. Keys and sessions stay. */
    public void reset() {
        chosen.set(initialPerson);
        signIns.failNext(null);
        down = false;
    }

    @Override
    public void close() {
        server.stop();
    }

    boolean isDown() {
        return down;
    }

    @Nullable TestPerson chosen() {
        return chosen.get();
    }

    SamlSide saml() {
        return saml;
    }

    OidcSide oidc() {
        return oidc;
    }

    Keys keys() {
        return keys;
    }

    SignIns signIns() {
        return signIns;
    }

    /** Builds and starts a {@link TestIdp}. */
    public static final class Builder {

        private int port;
        private List<TestPerson> people = List.of(
                TestPerson.withEmail("alice@example.com").name("Alice Example").groups("staff", "admins").build(),
                TestPerson.withEmail("bob@example.com").name("Bob Example").groups("staff").build());
        private @Nullable TestPerson signingInAs;
        private String clientId = "jit-test-client";
        private @Nullable String clientSecret = "jit-test-secret";
        private TokenSigning tokenSigning = TokenSigning.RS256;
        private @Nullable X509Certificate encryptTo;
        private final List<String> origins = new ArrayList<>();

        private Builder() {
        }

        /** The port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535");
            }
            this.port = port;
            return this;
        }

        /** The people the picker page offers (replacing Alice and Bob of example.com). */
        public Builder people(TestPerson... people) {
            if (people.length == 0) {
                throw new IllegalArgumentException("people cannot be empty");
            }
            this.people = List.of(people);
            return this;
        }

        /** Who signs in without a page from the start, and again after {@link TestIdp#reset()}. */
        public Builder signingInAs(TestPerson person) {
            this.signingInAs = Objects.requireNonNull(person, "person cannot be null");
            return this;
        }

        /** The one OpenID Connect client; {@code jit-test-client} / {@code jit-test-secret} by default. */
        public Builder client(String clientId, String clientSecret) {
            this.clientId = Objects.requireNonNull(clientId, "clientId cannot be null");
            this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret cannot be null");
            return this;
        }

        /** The one OpenID Connect client is public: no secret, and PKCE (S256) on every authorization request. */
        public Builder publicClient(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId cannot be null");
            this.clientSecret = null;
            return this;
        }

        public Builder tokenSigning(TokenSigning tokenSigning) {
            this.tokenSigning = Objects.requireNonNull(tokenSigning, "tokenSigning cannot be null");
            return this;
        }

        /** Encrypts every SAML assertion to this certificate's key (RSA-OAEP, AES-256-GCM). */
        public Builder encryptAssertionsTo(X509Certificate certificate) {
            this.encryptTo = Objects.requireNonNull(certificate, "certificate cannot be null");
            return this;
        }

        /**
         * Answers service providers at this origin ({@code https://app.example:8443}) too; the IdP
         * answers only addresses on 127.0.0.1 and localhost by default.
         */
        public Builder allowRedirectsTo(String origin) {
            URI uri = URI.create(Objects.requireNonNull(origin, "origin cannot be null"));
            if (uri.getScheme() == null || uri.getHost() == null || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()
                    || uri.getRawPath().equals("/"))) {
                throw new IllegalArgumentException("origin must be scheme://host[:port], not [" + origin + "]");
            }
            origins.add(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
            return this;
        }

        List<TestPerson> people() {
            return people;
        }

        /** Starts the IdP on 127.0.0.1. */
        public TestIdp start() {
            try {
                return new TestIdp(this);
            } catch (IOException e) {
                throw new IllegalStateException("The test IdP could not listen on port " + port, e);
            }
        }
    }
}
