package dev.switchboard.http;

import dev.switchboard.relay.ClientStream;
import dev.switchboard.relay.ReceiverGone;
import dev.switchboard.relay.Transcript;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An HTTP client's end of a streamed answer: a server-sent event stream on the response, each
 * event written and flushed on its own. A failed write means the client has gone; it surfaces as
 * {@link ReceiverGone}, which the relay answers by cancelling the upstream call.
 */
final class ServletClientStream implements ClientStream {
    private final OutputStream out;
    private final Transcript transcript;

    private ServletClientStream(OutputStream out, Transcript transcript) {
        this.out = out;
        this.transcript = transcript;
    }

    /**
     * Sends the response head of an event stream (headers set before go with it) and opens the stream.
     *
     * @param transcript keeps a copy of what is sent, for a team that opted in to request logging
     */
    static ServletClientStream open(HttpServletResponse response, Transcript transcript) {
        response.setStatus(200);
        response.setContentType("text/event-stream; charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        // Tells nginx-style reverse proxies in front of the gateway not to buffer the stream.
        response.setHeader("X-Accel-Buffering", "no");
        try {
            return new ServletClientStream(response.getOutputStream(), transcript);
        } catch (IOException e) {
            throw new ReceiverGone(e);
        }
    }

    @Override
    public void send(byte[] event) {
        try {
            out.write(event);
            out.flush();
        } catch (IOException e) {
            throw new ReceiverGone(e);
        }
        transcript.appendEvent(event);
    }
}
