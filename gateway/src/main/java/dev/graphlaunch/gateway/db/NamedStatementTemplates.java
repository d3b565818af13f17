package dev.graphlaunch.gateway.db;

import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.extension.ExtensionMethod;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.TemplateEngine;

/**
 * Names every SqlObject statement as Dropwizard's {@code NamePrependingTemplateEngine} does (a
 * leading SQL comment such as {@code GraphRunDao.findById}, for the database's logs and statistics),
 * but lets JDBI cache the parsed template. Dropwizard's engine only renders, so JDBI re-lexed every
 * statement's SQL for its {@code <defines>} on every execution (ANTLR in the accept profile); this
 * one hands JDBI the wrapped engine's parsed template, and only the name is added per execution.
 */
public final class NamedStatementTemplates implements TemplateEngine.Parsing {
    private final TemplateEngine.Parsing templates;

    public NamedStatementTemplates(TemplateEngine.Parsing templates) {
        this.templates = templates;
    }

    @Override
    public Optional<Function<StatementContext, String>> parse(String template, ConfigRegistry config) {
        return templates.parse(template, config)
                .map(rendering -> context -> named(context, rendering.apply(context)));
    }

    private static String named(StatementContext context, String sql) {
        ExtensionMethod method = context.getExtensionMethod();
        if (method == null) {
            return sql;
        }
        return "/* " + method.getType().getSimpleName() + "." + method.getMethod().getName() + " */ " + sql;
    }
}
