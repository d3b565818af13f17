package dev.graphlaunch.gateway.lifecycle;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for the gateway's background work (relay, reconciler, pollers, timers): daemon threads, so
 * a stuck one never keeps the JVM alive after Dropwizard stopped, and named, so a thread dump says
 * which part of the gateway each belongs to.
 */
public final class DaemonThreads {
    private DaemonThreads() {}

    /** Every thread gets {@code name}: for single-thread executors. */
    public static ThreadFactory named(String name) {
        return runnable -> daemon(runnable, name);
    }

    /** {@code prefix-1}, {@code prefix-2} …: for pools. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> daemon(runnable, prefix + "-" + count.incrementAndGet());
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
