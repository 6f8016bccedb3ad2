package io.jitprov.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Review attack (issue 15): two pools (two nodes) on one in-memory H2 database. */
class H2TwoNodeStoreAttackTests extends AbstractTwoNodeStoreAttacks {

    private static HikariDataSource a;
    private static HikariDataSource b;

    @BeforeAll
    static void start() {
        String url = "jdbc:h2:mem:jit-attack-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        a = TestDatabases.pool(url, 8);
        JdbcSchema.install(a);
        b = TestDatabases.pool(url, 8);
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
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
