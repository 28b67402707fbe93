package dev.switchboard.provider;

import java.io.InputStream;
import java.util.Optional;

/**
 * An upstream's answer whose status and headers have arrived and whose body may still be on its
 * way. {@link #close()} releases the connection; closing before the body was read to the end
 * aborts the upstream request, which is how a client's disconnect cancels generation upstream.
 */
public interface UpstreamResponse extends AutoCloseable {

    int status();

    /** A response header, case-insensitively. */
    Optional<String> header(String name);

    /** The body, readable once, blocking while the upstream is still sending. */
    InputStream body();

    @Override
    void close();
}
