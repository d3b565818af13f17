package dev.graphlaunch.gateway.db;

import dev.graphlaunch.contracts.runs.WireValue;
import java.lang.reflect.Type;
import java.sql.Types;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ArgumentFactory;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.generic.GenericTypes;

/** Binds a status, kind, source or code by its wire name, the text the database stores. */
public class WireValueArgumentFactory implements ArgumentFactory.Preparable {

    @Override
    public Optional<Function<Object, Argument>> prepare(Type type, ConfigRegistry config) {
        if (!WireValue.class.isAssignableFrom(GenericTypes.getErasedType(type))) {
            return Optional.empty();
        }
        return Optional.of(value -> value == null
                ? (position, statement, ctx) -> statement.setNull(position, Types.VARCHAR)
                : (position, statement, ctx) -> statement.setString(position, ((WireValue) value).wire()));
    }
}
