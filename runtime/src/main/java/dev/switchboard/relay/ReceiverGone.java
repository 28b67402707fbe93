package dev.switchboard.relay;

/**
 * The receiver of an answer has gone: an HTTP client that disconnected, or an in-process sink
 * that was closed. A relay that meets it stops at once, and the upstream call is cancelled by
 * closing its response. It carries no stack trace because it is an expected outcome.
 */
public final class ReceiverGone extends RuntimeException {
    public ReceiverGone(Throwable cause) {
        super("the receiver of the answer has gone", cause, false, false);
    }
}
