package io.jitprov.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JndiDnsTxtLookupTests {

    private TinyDnsServer dns;
    private JndiDnsTxtLookup lookup;

    @BeforeEach
    void start() throws Exception {
        dns = new TinyDnsServer();
        lookup = JndiDnsTxtLookup.server(dns.url(), Duration.ofMillis(500));
    }

    @AfterEach
    void stop() throws Exception {
        dns.close();
    }

    @Test
    void txtRecordsWhenPublishedThenEveryRecordComesBack() {
        dns.publish("_jit-verification.acme.test", List.of(List.of("v=spf1 -all"), List.of("jit-verification=abc")));

        assertThat(lookup.txtRecords("_jit-verification.acme.test"))
                .containsExactlyInAnyOrder("v=spf1 -all", "jit-verification=abc");
    }

    @Test
    void txtRecordsWhenRecordSplitIntoCharacterStringsThenJoined() {
        dns.publish("long.acme.test", List.of(List.of("jit-verification=", "part-two \"quoted\"")));

        assertThat(lookup.txtRecords("long.acme.test")).containsExactly("jit-verification=part-two \"quoted\"");
    }

    @Test
    void txtRecordsWhenNameUnknownThenEmpty() {
        assertThat(lookup.txtRecords("nothing.acme.test")).isEmpty();
    }

    @Test
    void txtRecordsWhenServerSilentThenStoreUnavailable() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            JndiDnsTxtLookup deaf = JndiDnsTxtLookup.server("dns://127.0.0.1:" + silent.getLocalPort(),
                    Duration.ofMillis(100));

            assertThatThrownBy(() -> deaf.txtRecords("acme.test"))
                    .isInstanceOfSatisfying(JitStoreException.class,
                            e -> assertThat(e.code()).isEqualTo(JitErrorCodes.STORE_UNAVAILABLE));
        }
    }

    @Test
    void verifyByDnsWhenTokenPublishedInRealDnsThenDomainVerified() {
        DomainRegistry registry = DomainRegistry.builder().dnsLookup(lookup).build();
        DomainClaim claim = registry.claim("acme", "acme.test", false);
        dns.publish(claim.txtRecordName(), List.of(List.of(claim.txtRecordValue())));

        registry.verifyByDns("acme", "acme.test");

        assertThat(registry.tenantFor("acme.test")).contains("acme");
    }
}
