package dev.graphlaunch.gateway.support;

import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.extension.ExtensionFactory;
import org.jdbi.v3.core.extension.HandleSupplier;

/**
 * A {@link Jdbi} whose {@code withExtension}/{@code onDemand} hand out {@link FakeDao}s and which
 * has no database: opening a connection fails. Jdbi opens a handle only when an extension asks for
 * one, and fakes never do. For resources that still take {@code Jdbi}; one that takes its DAO
 * gets {@link FakeDao#dao()} directly.
 */
public final class FakeJdbi {
    private FakeJdbi() {}

    public static Jdbi serving(FakeDao<?>... daos) {
        Jdbi jdbi = Jdbi.create(() -> {
            throw new SQLException("a resource test has no database; fake the DAO instead");
        });
        jdbi.registerExtension(new Factory(List.of(daos)));
        return jdbi;
    }

    private record Factory(List<FakeDao<?>> daos) implements ExtensionFactory {
        @Override
        public boolean accepts(Class<?> extensionType) {
            return daos.stream().anyMatch(fake -> fake.type() == extensionType);
        }

        @Override
        public <E> E attach(Class<E> extensionType, HandleSupplier handleSupplier) {
            return daos.stream().filter(fake -> fake.type() == extensionType)
                    .map(fake -> extensionType.cast(fake.dao())).findFirst().orElseThrow();
        }

        @Override
        public Set<FactoryFlag> getFactoryFlags() {
            // Hand out the fake itself, not a Jdbi proxy that would look for SQL annotations.
            return EnumSet.of(FactoryFlag.NON_VIRTUAL_FACTORY, FactoryFlag.DONT_USE_PROXY);
        }
    }
}
