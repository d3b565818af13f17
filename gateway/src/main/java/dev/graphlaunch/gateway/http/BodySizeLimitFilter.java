package dev.graphlaunch.gateway.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Refuses bodies over the limit before anything reads them: by Content-Length when the client
 * sends one, and by counting bytes when it streams without one. Paths that read their raw body
 * under their own limit (the GitHub webhook: 1 MiB, and it logs what it refuses) are left alone.
 */
@PreMatching
@Priority(100)
public class BodySizeLimitFilter implements ContainerRequestFilter {
    /** Request property holding the bounded body, so {@link DrainUnreadBodyFilter} can finish reading it. */
    static final String BOUNDED = BodySizeLimitFilter.class.getName() + ".bounded";

    private final long maxBytes;
    private final Set<String> selfLimitedPaths;

    /** @param selfLimitedPaths paths relative to the application root, without leading slash */
    public BodySizeLimitFilter(long maxBytes, Set<String> selfLimitedPaths) {
        this.maxBytes = maxBytes;
        this.selfLimitedPaths = Set.copyOf(selfLimitedPaths);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (selfLimitedPaths.contains(normalized(request.getUriInfo().getPath()))) {
            return;
        }
        if (request.getLength() > maxBytes) {
            throw new PayloadTooLargeException(maxBytes);
        }
        LimitedInputStream body = new LimitedInputStream(request.getEntityStream(), maxBytes);
        request.setEntityStream(body);
        request.setProperty(BOUNDED, body);
    }

    private static String normalized(String path) {
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.length() > start && path.endsWith("/") ? path.length() - 1 : path.length();
        return path.substring(start, end);
    }

    static final class LimitedInputStream extends FilterInputStream {
        private boolean finished;

        private final long limit;
        private long remaining;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            finished = true;
            super.close();
        }

        /** Reads and discards the rest, at most up to the limit; never throws. */
        void drainQuietly() {
            byte[] sink = new byte[8192];
            try {
                while (!finished && read(sink, 0, sink.length) >= 0) {
                    // discard
                }
            } catch (IOException | RuntimeException unreadable) {
                // Over the limit or broken: the server closes the connection, as it would anyway.
            }
        }

        private void count(int n) throws IOException {
            remaining -= n;
            if (remaining < 0) {
                // Unchecked on purpose: the reader may wrap it, the mappers find it in the causes.
                throw new PayloadTooLargeException(limit);
            }
        }
    }
}
