package dev.graphlaunch.gateway.errors;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Walks an exception's cause chain: libraries wrap the failure that matters in their own. */
public final class Causes {
    private Causes() {}

    /** {@code error} and its causes, outermost first; empty for null. */
    public static Stream<Throwable> of(Throwable error) {
        return Stream.iterate(error, Objects::nonNull, Throwable::getCause);
    }

    /** The outermost of {@code error} and its causes that is a {@code type}. */
    public static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
        return find(error, type, any -> true);
    }

    /** The outermost of {@code error} and its causes that is a {@code type} and matches. */
    public static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type, Predicate<? super T> matching) {
        return of(error).filter(type::isInstance).map(type::cast).filter(matching).findFirst();
    }
}
