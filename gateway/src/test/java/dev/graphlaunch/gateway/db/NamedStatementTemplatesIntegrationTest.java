package dev.graphlaunch.gateway.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.support.MigratedDatabase;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.DefinedAttributeTemplateEngine;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Statements keep Dropwizard's naming comment, and their templates are parsed once, not per execution. */
class NamedStatementTemplatesIntegrationTest {
    @RegisterExtension
    static final MigratedDatabase DB = new MigratedDatabase();

    private static final List<String> PARSED = new CopyOnWriteArrayList<>();
    private static final List<String> EXECUTED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void countParsesAndRecordSql() {
        DefinedAttributeTemplateEngine defined = new DefinedAttributeTemplateEngine();
        DB.jdbi().setTemplateEngine(new NamedStatementTemplates(new TemplateEngine.Parsing() {
            @Override
            public Optional<Function<StatementContext, String>> parse(String template, ConfigRegistry config) {
                PARSED.add(template);
                return defined.parse(template, config);
            }
        }));
        DB.jdbi().setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                EXECUTED.add(context.getRenderedSql());
            }
        });
    }

    @BeforeEach
    void forgetOtherTests() {
        PARSED.clear();
        EXECUTED.clear();
    }

    @Test
    void aDaoStatementIsNamedAfterItsMethodAndParsedOnceForAllItsExecutions() {
        Jdbi jdbi = DB.jdbi();
        GraphRunDao runs = SqlObjects.onDemand(jdbi, GraphRunDao.class);

        for (int i = 0; i < 3; i++) {
            runs.advance(UUID.randomUUID(), RunStatus.QUEUED);
        }

        assertThat(EXECUTED).hasSize(3).allSatisfy(sql -> assertThat(sql)
                .startsWith("/* GraphRunDao.advance */ update graph_runs")
                .contains(RunStatus.sqlRank("status"))
                .doesNotContain("<statusRank>"));
        assertThat(PARSED.stream().filter(template -> template.contains("<statusRank> < :rank"))).hasSize(1);
    }

    @Test
    void aStatementOutsideADaoIsLeftUnnamed() {
        DB.jdbi().withHandle(handle -> handle.createQuery("select 1").mapTo(Integer.class).one());

        assertThat(EXECUTED).containsExactly("select 1");
    }
}
