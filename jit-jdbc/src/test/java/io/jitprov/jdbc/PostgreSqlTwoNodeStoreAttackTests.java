package io.jitprov.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Review attack (issue 15): two pools (two nodes) on the test PostgreSQL (JIT_TEST_POSTGRES_URL). */
class PostgreSqlTwoNodeStoreAttackTests extends AbstractTwoNodeStoreAttacks {

    private static HikariDataSource a;
    private static HikariDataSource b;

    @BeforeAll
    static void start() {
        a = TestDatabases.postgres(8);
        b = TestDatabases.pool(TestDatabases.postgresUrl(), 8);
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Override
    protected DataSource nodeA() {
        return a;
    }

    @Override
    protected DataSource nodeB() {
        return b;
    }
}
