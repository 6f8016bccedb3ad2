package io.jitprov.examples.devidp;

import io.jitprov.testidp.TestPerson;
import java.util.List;

/**
 * A person the development IdP can sign in as.
 *
 * @param subject the stable subject
 * @param email the email, verified as far as the IdP is concerned
 * @param name the display name
 * @param groups the groups offered by default
 */
public record DemoPerson(String subject, String email, String name, List<String> groups) {

    public static final List<DemoPerson> ALL = List.of(
            new DemoPerson("acme-alice", "alice@acme.test", "Alice Liddell", List.of("acme-staff", "acme-admins")),
            new DemoPerson("acme-bob", "bob@acme.test", "Bob Builder", List.of("acme-staff", "acme-eng-backend")),
            new DemoPerson("acme-eve", "eve@acme.test", "Eve Outsider", List.of()),
            new DemoPerson("globex-carol", "carol@globex.test", "Carol Danvers", List.of("globex-users", "globex-admins")),
            new DemoPerson("globex-dan", "dan@globex.test", "Dan Brown", List.of("globex-users")),
            new DemoPerson("initech-mallory", "mallory@initech.test", "Mallory Meddler", List.of("everyone")),
            new DemoPerson("umbrella-ada", "ada@umbrella.test", "Ada Wong", List.of("umbrella-staff", "umbrella-it")));

    public static DemoPerson bySubject(String subject) {
        return ALL.stream().filter(p -> p.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No demo person [" + subject + "]"));
    }

    /** This person for the development IdPs, which are jit-test-idp's. */
    TestPerson toTestPerson() {
        return TestPerson.withEmail(email).subject(subject).name(name).groups(groups).build();
    }
}
