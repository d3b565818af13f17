package dev.graphlaunch.gateway.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A DAO interface answered per method name, for tests that need no database; pass {@link #dao()}
 * where the code under test takes the DAO. Every call is recorded; a method with no answer fails
 * the test, so a resource that reaches the DAO when it should have refused the request shows.
 * Default methods run as written, over the answers ({@link #queries()} leaves them out). Keyed by
 * name rather than signature, so DAO signature changes leave tests alone.
 */
public final class FakeDao<T> {
    private final Class<T> type;
    private final T dao;
    private final Map<String, Function<Object[], Object>> answers = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();

    /** One call as the resource made it. */
    public record Call(String method, List<Object> args, boolean query) {
        public Object arg(int index) {
            return args.get(index);
        }
    }

    private FakeDao(Class<T> type) {
        this.type = type;
        this.dao = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler()));
    }

    public static <T> FakeDao<T> of(Class<T> type) {
        return new FakeDao<>(type);
    }

    public Class<T> type() {
        return type;
    }

    public T dao() {
        return dao;
    }

    public synchronized FakeDao<T> answer(String method, Function<Object[], Object> answer) {
        answers.put(method, answer);
        return this;
    }

    /** Forgets answers and calls, for a fake shared by the tests of a class. */
    public synchronized void reset() {
        answers.clear();
        calls.clear();
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> calls(String method) {
        return calls.stream().filter(call -> call.method().equals(method)).toList();
    }

    /** Calls of the abstract methods, the ones that would have run SQL. */
    public synchronized List<Call> queries() {
        return calls.stream().filter(Call::query).toList();
    }

    private InvocationHandler handler() {
        return (proxy, method, args) -> {
            Object[] arguments = args == null ? new Object[0] : args;
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, arguments);
            }
            Function<Object[], Object> answer;
            synchronized (this) {
                calls.add(new Call(method.getName(), Arrays.asList(arguments), !method.isDefault()));
                answer = answers.get(method.getName());
            }
            if (answer != null) {
                return answer.apply(arguments);
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, arguments);
            }
            throw new AssertionError(type.getSimpleName() + "." + method.getName() + " was called, but this test"
                    + " gave it no answer");
        };
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "FakeDao(" + type.getSimpleName() + ")";
        };
    }
}
