package io.jitprov.testidp;

/**
 * A request the test IdP will not answer, with the sentence that says why: a 400 page (or JSON
 * error) to whoever sent it, an {@link IllegalArgumentException} to a test calling
 * {@link TestIdp#answer}.
 */
final class IdpRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    IdpRefusal(String message) {
        super(message, null, false, false);
    }
}
