package dev.switchboard.relay;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The client's end of a streamed answer. Each {@link #send} writes one event and flushes it, so the
 * client sees every chunk as soon as the upstream produced it. A failed write means the client has
 * gone: it surfaces as {@link ClientGone}, which the relay answers by cancelling the upstream call.
 */
public final class ClientStream {
    private final HttpServletResponse response;
    private final Transcript transcript;
    private OutputStream out;

    public ClientStream(HttpServletResponse response) {
        this(response, Transcript.OFF);
    }

    /** @param transcript keeps a copy of what was sent, for a team that opted in to request logging */
    public ClientStream(HttpServletResponse response, Transcript transcript) {
        this.response = response;
        this.transcript = transcript;
    }

    /** Thrown when the client disconnected; carries no stack because it is an expected outcome. */
    public static final class ClientGone extends RuntimeException {
        ClientGone(IOException cause) {
            super("client disconnected", cause, false, false);
        }
    }

    /** Sends the response head of an event stream; headers set before this call go with it. */
    public void open() {
        response.setStatus(200);
        response.setContentType("text/event-stream; charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        // Tells nginx-style reverse proxies in front of the gateway not to buffer the stream.
        response.setHeader("X-Accel-Buffering", "no");
        try {
            out = response.getOutputStream();
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    public boolean isOpen() {
        return out != null;
    }

    public void send(byte[] event) {
        try {
            out.write(event);
            out.flush();
        } catch (IOException e) {
            throw new ClientGone(e);
        }
        transcript.append(event);
    }
}
