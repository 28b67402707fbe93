package dev.switchboard.governance.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.governance.store.Database;
import dev.switchboard.testing.ChatStubs;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Zero data retention by default: with no team opted in to request logging, no prompt or
 * completion text is written anywhere — not in any log line at any level, not in any table.
 */
class ZeroRetentionTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void noPromptOrCompletionTextReachesTheLogsOrTheDatabase(TestDatabase kind) throws Exception {
        String marker = "zdrmarker" + UUID.randomUUID().toString().replace("-", "");
        String url = kind.newUrl();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.ALL);
        try (FakeVendor openai = new FakeVendor(FakeVendor.Format.OPENAI); FakeVendor anthropic = new FakeVendor(FakeVendor.Format.ANTHROPIC)) {
            ChatStubs.openAi(openai, "The answer is " + marker);
            ChatStubs.anthropic(anthropic, "The answer is " + marker);
            try (RunningGateway gateway = RunningGateway.start(kind.governanceYaml(url) + ChatStubs.config(openai, anthropic, "sk-gateway-key"))) {
                for (boolean stream : List.of(false, true)) {
                    assertThat(gateway.post("/v1/chat/completions", ChatStubs.openAiRequest("Tell me " + marker, stream)).body())
                            .contains(marker.substring(0, 10));
                    assertThat(gateway.post("/v1/messages", ChatStubs.anthropicRequest("Tell me " + marker, stream)).body())
                            .contains(marker.substring(0, 10));
                }
            }
        } finally {
            root.detachAppender(logs);
            root.setLevel(level);
        }

        assertThat(logs.list).as("log events captured").isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            String text = event.getFormattedMessage() + event.getMDCPropertyMap()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(text).as("log line from %s", event.getLoggerName()).doesNotContain(marker);
        }
        try (Database database = kind.open(url)) {
            List<String> cells = everyCell(database);
            assertThat(cells).as("rows written").isNotEmpty();
            assertThat(cells).noneMatch(cell -> cell.contains(marker));
        }
        if (kind == TestDatabase.SQLITE) {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Path file = Path.of(url.substring("jdbc:sqlite:".length()) + suffix);
                if (Files.exists(file)) {
                    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(marker);
                }
            }
        }
    }

    private static List<String> everyCell(Database database) throws Exception {
        List<String> cells = new ArrayList<>();
        try (Connection connection = database.connection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("usage_ledger", "request_logs");
            for (String table : tables) {
                try (ResultSet rows = connection.createStatement().executeQuery("SELECT * FROM " + table)) {
                    while (rows.next()) {
                        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                            cells.add(String.valueOf(rows.getObject(column)));
                        }
                    }
                }
            }
        }
        return cells;
    }
}
