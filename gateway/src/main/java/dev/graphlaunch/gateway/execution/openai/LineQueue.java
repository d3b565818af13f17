package dev.graphlaunch.gateway.execution.openai;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hands the lines of a streamed response body to the calling thread one at a time, so the caller
 * can give up after a silence of its choosing: java.net.http only times out the wait for headers.
 */
final class LineQueue implements Flow.Subscriber<String> {
    private static final Object END = new Object();

    private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(String line) {
        lines.add(line);
    }

    @Override
    public void onError(Throwable failure) {
        lines.add(failure);
    }

    @Override
    public void onComplete() {
        lines.add(END);
    }

    /** @return the next line, or null at the end of the body */
    String next(Duration silence) throws IOException, TimeoutException, InterruptedException {
        Object item = lines.poll(silence.toMillis(), TimeUnit.MILLISECONDS);
        if (item == null) {
            throw new TimeoutException("no data for " + silence.toSeconds() + " s");
        }
        if (item == END) {
            lines.add(END);
            return null;
        }
        if (item instanceof Throwable failure) {
            throw failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
        }
        subscription.request(1);
        return (String) item;
    }

    void cancel() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }
}
