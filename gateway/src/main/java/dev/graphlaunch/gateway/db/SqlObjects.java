package dev.graphlaunch.gateway.db;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.CreateSqlObject;

/**
 * On-demand DAOs whose SqlObject metadata is computed once, at startup, on the root {@link Jdbi}.
 *
 * <p>Why: JDBI (3.51) caches a SqlObject type's {@code ExtensionMetadata} in the configuration it
 * was computed in. A {@code Handle} starts with a copy of the root cache and writes what it computes
 * into that copy, which dies with the handle (jdbi/jdbi#2991, fixed in a later JDBI). A DAO made with
 * {@link CreateSqlObject} inside a {@code @Transaction} method is attached to such a handle, so its
 * metadata (reflection over every method, its parameter types and annotations) was rebuilt on every
 * call: the accept profile of docs/performance.md found it in most of the request threads' CPU.
 * Computing it on the root first makes every later handle start with it.
 */
public final class SqlObjects {
    private SqlObjects() {}

    /** {@link Jdbi#onDemand}, after {@link #warm} of the type. */
    public static <T> T onDemand(Jdbi jdbi, Class<T> type) {
        warm(jdbi, type);
        return jdbi.onDemand(type);
    }

    /**
     * Computes the metadata of {@code type} and of every DAO it creates with {@link CreateSqlObject},
     * transitively, into the root configuration. Attaching through the root without running a
     * statement opens no connection.
     */
    public static void warm(Jdbi jdbi, Class<?> type) {
        warm(jdbi, type, new HashSet<>());
    }

    private static void warm(Jdbi jdbi, Class<?> type, Set<Class<?>> seen) {
        if (!seen.add(type)) {
            return;
        }
        jdbi.withExtension(type, dao -> null);
        for (Method method : type.getMethods()) {
            if (method.isAnnotationPresent(CreateSqlObject.class)) {
                warm(jdbi, method.getReturnType(), seen);
            }
        }
    }
}
