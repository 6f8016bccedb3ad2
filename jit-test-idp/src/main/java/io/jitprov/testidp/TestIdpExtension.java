package io.jitprov.testidp;

import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A {@link TestIdp} for a JUnit 5 test class: started before the class's first test (or on first
 * use), {@link TestIdp#reset() reset} after each test (pending failures, outages and the person
 * chosen in a test do not leak into the next), stopped after the last. Test methods and
 * {@code @BeforeAll} methods may take a {@code TestIdp} parameter.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final TestIdpExtension idp = TestIdpExtension.with(b -&gt; b.signingInAs(ALICE));
 *
 * &#64;Test
 * void aliceSignsIn() {
 *     String issuer = idp.get().oidcIssuer();
 *     ...
 * }
 * </pre>
 *
 * or, with the defaults, {@code @ExtendWith(TestIdpExtension.class)} and a {@code TestIdp} parameter.
 *
 * @since 0.1
 */
public final class TestIdpExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback,
        ParameterResolver {

    private final Consumer<TestIdp.Builder> settings;
    private @Nullable TestIdp idp;
    /** The classes (the test class and its @Nested classes) between their beforeAll and afterAll. */
    private int classes;

    /** An IdP with the defaults; what {@code @ExtendWith(TestIdpExtension.class)} uses. */
    public TestIdpExtension() {
        this(b -> { });
    }

    private TestIdpExtension(Consumer<TestIdp.Builder> settings) {
        this.settings = settings;
    }

    /** An IdP built with {@code settings} applied to {@link TestIdp#builder()}. */
    public static TestIdpExtension with(Consumer<TestIdp.Builder> settings) {
        return new TestIdpExtension(Objects.requireNonNull(settings, "settings cannot be null"));
    }

    /** The IdP, started on first use, so that a static field's URLs can be read before the class's tests run. */
    public synchronized TestIdp get() {
        if (idp == null) {
            TestIdp.Builder builder = TestIdp.builder();
            settings.accept(builder);
            idp = builder.start();
        }
        return idp;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        classes++;
        get();
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (idp == null) {
            return;
        }
        if (classes == 0) {
            // On an instance field JUnit never calls beforeAll or afterAll: the test's IdP ends with the test.
            idp.close();
            idp = null;
            return;
        }
        idp.reset();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        // A @Nested class inherits the extension: only the outermost class's end stops the IdP.
        if (--classes <= 0 && idp != null) {
            idp.close();
            idp = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestIdp.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return get();
    }
}
