package dev.switchboard.logging;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * The end of logging, which the process decides rather than Logback: {@code logback.xml} installs
 * no shutdown hook of its own, since one would run beside the gateway's graceful stop and drop
 * whatever the stop logs (a request cut off, a ledger batch not written).
 */
public final class Logging {
    private Logging() {
    }

    /** Writes what the asynchronous appender still holds and stops logging: the last step of a process. */
    public static void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
