package dev.switchboard.governance.alerts;

/**
 * Where budget alert events go. {@link #send} is called on a request's thread right after the
 * spend that crossed the threshold is settled, so it must return at once and never throw.
 */
@FunctionalInterface
public interface AlertSink {
    /** No alert destination configured. */
    AlertSink NONE = alert -> {
    };

    void send(BudgetAlert alert);
}
