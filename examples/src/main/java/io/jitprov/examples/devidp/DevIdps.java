package io.jitprov.examples.devidp;

import io.jitprov.testidp.TestIdp;
import io.jitprov.testidp.TestPerson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The demo's development IdPs, both {@link TestIdp}s from jit-test-idp (what an application's own
 * tests would use): the one acme (SAML) and globex (OpenID Connect) trust, and umbrella's own SAML
 * IdP, which umbrella's IT admin connects through the setup pages. Each shows a page to pick a
 * demo person. They listen next to the demo's port when they can, so that their addresses stay put
 * from one run to the next.
 */
public final class DevIdps implements AutoCloseable {

    /** The OpenID Connect client globex's connection names: public, so PKCE is its proof. */
    public static final String CLIENT_ID = "jit-demo";

    private final TestIdp main;
    private final TestIdp umbrella;

    private DevIdps(TestIdp main, TestIdp umbrella) {
        this.main = main;
        this.umbrella = umbrella;
    }

    /** Starts both, on {@code demoPort + 1} and {@code + 2} when those are free. */
    public static DevIdps start(int demoPort) {
        TestPerson[] people = DemoPerson.ALL.stream().map(DemoPerson::toTestPerson).toArray(TestPerson[]::new);
        TestIdp main = TestIdp.builder().port(portNear(demoPort, 1)).people(people).publicClient(CLIENT_ID).start();
        try {
            return new DevIdps(main, TestIdp.builder().port(portNear(demoPort, 2)).people(people).start());
        } catch (RuntimeException e) {
            main.close();
            throw e;
        }
    }

    /** The IdP acme and globex trust. */
    public TestIdp main() {
        return main;
    }

    /** Umbrella's own IdP, not connected until its IT admin follows the setup link. */
    public TestIdp umbrella() {
        return umbrella;
    }

    @Override
    public void close() {
        main.close();
        umbrella.close();
    }

    private static int portNear(int demoPort, int offset) {
        int port = demoPort + offset;
        if (demoPort == 0 || port > 65_535) {
            return 0;
        }
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            return 0;
        }
    }
}
