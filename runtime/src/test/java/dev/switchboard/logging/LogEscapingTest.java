package dev.switchboard.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The bug: model names and other strings a client sent were written to the log as they came, so a
 * newline in a model name forged a log line and NUL bytes reached the file. Every line is rendered
 * here by the encoder {@code logback.xml} configures, the one that writes the console.
 */
class LogEscapingTest {
    private static final String FORGED = "12:00:00.000 INFO  [-] d.s.g.a.AdminAuth - admin signed in";
    // LF, CR, NUL, ESC (a terminal's escape sequences), NEL (a C1 line break) and the Unicode line separator.
    private static final String HOSTILE = "gpt-4o\n" + FORGED + "\r\u0000\u001b[2J\u0085\u2028end";

    /** The console appender's encoder, from {@code logback.xml} loaded into a context of its own. */
    private static Encoder<ILoggingEvent> configuredEncoder(LoggerContext context) {
        AsyncAppender async = (AsyncAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC");
        return ((OutputStreamAppender<ILoggingEvent>) async.getAppender("CONSOLE")).getEncoder();
    }

    private static LoggerContext loadConfiguration() throws JoranException {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogEscapingTest.class.getResource("/logback.xml"));
        return context;
    }

    private static String render(Encoder<ILoggingEvent> encoder, ILoggingEvent event) {
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    /** No control character but the line separator at its end, and no Unicode line break either. */
    private static void assertOneCleanLine(String rendered) {
        String line = rendered.substring(0, rendered.length() - System.lineSeparator().length());
        assertThat(rendered).endsWith(System.lineSeparator());
        assertThat(line.chars().filter(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029))
                .as("control characters in %s", line).isEmpty();
    }

    @Test
    void aMessageArgumentAndAnMdcValueWithLineBreaksAndControlCharactersStayOnOneLineEscaped() throws Exception {
        LoggerContext context = loadConfiguration();
        try {
            Logger logger = context.getLogger("switchboard.usage");
            LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "tab\there model={}", null,
                    new Object[] {HOSTILE});
            event.setMDCPropertyMap(Map.of("request_id", "req-1\n" + FORGED));

            String rendered = render(configuredEncoder(context), event);

            assertOneCleanLine(rendered);
            assertThat(rendered).contains("[req-1\\n12:00:00.000 INFO  [-]")
                    .contains("tab\\there model=gpt-4o\\n12:00:00.000 INFO  [-] d.s.g.a.AdminAuth - admin signed in\\r\\u0000\\u001b[2J\\u0085\\u2028end");
        } finally {
            context.stop();
        }
    }

    @Test
    void anExceptionMessageWithALineBreakCannotStartALineOfItsOwn() throws Exception {
        LoggerContext context = loadConfiguration();
        try {
            Logger logger = context.getLogger("dev.switchboard.server.Gateway");
            LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.ERROR, "Unexpected failure",
                    new IllegalStateException("wrapped", new IllegalArgumentException("unknown model '" + HOSTILE + "'")), null);
            event.setMDCPropertyMap(Map.of());

            String rendered = render(configuredEncoder(context), event);

            // The stack trace keeps its lines: the event's own, then each throwable's and its frames'.
            List<String> lines = rendered.lines().toList();
            assertOneCleanLine(lines.getFirst() + System.lineSeparator());
            assertThat(lines.subList(1, lines.size())).allSatisfy(line -> assertThat(line)
                    .matches("(java\\.lang\\.IllegalStateException: wrapped|Caused by: java\\.lang\\.IllegalArgumentException: .*|\\t(at |\\.\\.\\. ).*)"));
            assertThat(rendered).contains("unknown model 'gpt-4o\\n12:00:00.000 INFO").doesNotContain("\u0000").doesNotContain("\u001b");
        } finally {
            context.stop();
        }
    }

    @Test
    void aModelNameAClientSentIsLoggedOnOneLineByTheGateway() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        HttpResponse<String> response;
        try (RunningGateway gateway = RunningGateway.start("")) {
            response = gateway.post("/v1/chat/completions", "{\"model\":\"gpt-4o\\n" + FORGED + "\\u0000\",\"messages\":"
                    + "[{\"role\":\"user\",\"content\":\"hi\"}]}");
        } finally {
            root.detachAppender(captured);
        }

        Encoder<ILoggingEvent> encoder = configuredEncoder(root.getLoggerContext());
        List<ILoggingEvent> usage = captured.list.stream().filter(e -> e.getLoggerName().equals("switchboard.usage")).toList();
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(usage).singleElement().satisfies(event -> {
            String rendered = render(encoder, event);
            assertOneCleanLine(rendered);
            assertThat(rendered).contains("model=gpt-4o\\n12:00:00.000 INFO  [-] d.s.g.a.AdminAuth - admin signed in\\u0000 ")
                    .contains("[" + response.headers().firstValue("x-request-id").orElseThrow() + "]");
        });
    }
}
