package dev.switchboard.logging;

import static dev.switchboard.logging.EscapingEncoder.clean;
import static dev.switchboard.logging.EscapingEncoder.escape;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * A logging event as the layout should see it: every text that may carry data escaped. The
 * message is escaped after formatting, so the arguments are too. Caller data and stack frames are
 * the code's own names and pass through.
 */
record EscapedEvent(ILoggingEvent event) implements ILoggingEvent {
    @Override
    public String getThreadName() {
        return escape(event.getThreadName());
    }

    @Override
    public Level getLevel() {
        return event.getLevel();
    }

    @Override
    public String getMessage() {
        return escape(event.getMessage());
    }

    @Override
    public Object[] getArgumentArray() {
        return event.getArgumentArray();
    }

    @Override
    public String getFormattedMessage() {
        return escape(event.getFormattedMessage());
    }

    @Override
    public String getLoggerName() {
        return escape(event.getLoggerName());
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return event.getLoggerContextVO();
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        IThrowableProxy thrown = event.getThrowableProxy();
        return thrown == null ? null : new EscapedThrowable(thrown);
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return event.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
        return event.hasCallerData();
    }

    @Override
    public List<Marker> getMarkerList() {
        return event.getMarkerList();
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        return escapeValues(event.getMDCPropertyMap());
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
        return escapeValues(event.getMdc());
    }

    @Override
    public long getTimeStamp() {
        return event.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return event.getNanoseconds();
    }

    @Override
    public Instant getInstant() {
        return event.getInstant();
    }

    @Override
    public long getSequenceNumber() {
        return event.getSequenceNumber();
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        return pairs == null ? null : pairs.stream()
                .map(p -> new KeyValuePair(escape(p.key), p.value == null ? null : escape(String.valueOf(p.value)))).toList();
    }

    @Override
    public void prepareForDeferredProcessing() {
        event.prepareForDeferredProcessing();
    }

    /** The map itself when nothing in it needs escaping: the usual case, and no copy per line. */
    private static Map<String, String> escapeValues(Map<String, String> map) {
        if (map == null || map.entrySet().stream().allMatch(e -> clean(e.getKey()) && clean(e.getValue()))) {
            return map;
        }
        Map<String, String> escaped = new HashMap<>(map.size() * 2);
        map.forEach((key, value) -> escaped.put(escape(key), escape(value)));
        return escaped;
    }

    /** A throwable whose messages are escaped, and its causes' and suppressed ones' too. */
    private record EscapedThrowable(IThrowableProxy thrown) implements IThrowableProxy {
        @Override
        public String getOverridingMessage() {
            return escape(thrown.getOverridingMessage());
        }

        @Override
        public String getMessage() {
            return escape(thrown.getMessage());
        }

        @Override
        public String getClassName() {
            return escape(thrown.getClassName());
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return thrown.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return thrown.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            IThrowableProxy cause = thrown.getCause();
            return cause == null ? null : new EscapedThrowable(cause);
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = thrown.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] escaped = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                escaped[i] = new EscapedThrowable(suppressed[i]);
            }
            return escaped;
        }

        @Override
        public boolean isCyclic() {
            return thrown.isCyclic();
        }
    }
}
