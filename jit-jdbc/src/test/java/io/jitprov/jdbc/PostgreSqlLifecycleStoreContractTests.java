package io.jitprov.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.AbstractDelegationStoreContractTests;
import io.jitprov.core.AbstractDomainStoreContractTests;
import io.jitprov.core.AbstractGrantStoreContractTests;
import io.jitprov.core.AbstractRegistryStoreContractTests;
import io.jitprov.core.delegation.DelegationStore;
import io.jitprov.core.elevation.GrantStore;
import io.jitprov.core.registry.RegistryStore;
import io.jitprov.core.tenant.DomainStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The JDBC grant, delegation, domain and registry stores against the contract kits, on PostgreSQL (JIT_TEST_POSTGRES_URL). */
class PostgreSqlLifecycleStoreContractTests {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void start() {
        dataSource = TestDatabases.postgres(10);
    }

    @AfterAll
    static void stop() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Nested
    class GrantStoreContract extends AbstractGrantStoreContractTests {
        @Override
        protected GrantStore createStore() {
            return JdbcGrantStore.of(dataSource);
        }
    }

    @Nested
    class DelegationStoreContract extends AbstractDelegationStoreContractTests {
        @Override
        protected DelegationStore createStore() {
            return JdbcDelegationStore.of(dataSource);
        }
    }

    @Nested
    class DomainStoreContract extends AbstractDomainStoreContractTests {
        @Override
        protected DomainStore createStore() {
            return JdbcDomainStore.of(dataSource);
        }
    }

    @Nested
    class RegistryStoreContract extends AbstractRegistryStoreContractTests {
        @Override
        protected RegistryStore createStore() {
            return JdbcRegistryStore.of(dataSource);
        }
    }
}
