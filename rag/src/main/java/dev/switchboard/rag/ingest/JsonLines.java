package dev.switchboard.rag.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.rag.RagException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Lines, one document per line, in the shape BEIR corpora use: {@code _id} (or {@code id}),
 * {@code text} (or {@code content}), an optional {@code title}, an optional {@code metadata} object;
 * other scalar fields become metadata too. A line without an id gets the file's id and its line
 * number. Blank lines are skipped; any other line that is not such an object fails the file,
 * naming the line.
 */
final class JsonLines {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The fields that are the document itself rather than its metadata. */
    private static final Set<String> DOCUMENT_FIELDS = Set.of("_id", "id", "text", "content", "title");

    private JsonLines() {
    }

    static List<ParsedDocument> parse(SourceFile file) {
        String all = PlainText.Text.decode(file.bytes());
        List<ParsedDocument> documents = new ArrayList<>();
        int lineNumber = 0;
        for (String line : all.split("\n")) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw RagException.invalid("file", "'" + file.name() + "' line " + lineNumber + " is not JSON: " + e.getOriginalMessage());
            }
            if (record == null || !record.isObject()) {
                throw RagException.invalid("file", "'" + file.name() + "' line " + lineNumber + " is not a JSON object.");
            }
            documents.add(document(file, record, lineNumber));
        }
        return documents;
    }

    private static ParsedDocument document(SourceFile file, JsonNode record, int lineNumber) {
        String id = text(record, "_id", text(record, "id", file.id() + "#" + lineNumber));
        String body = text(record, "text", text(record, "content", null));
        if (body == null) {
            throw RagException.invalid("file", "'" + file.name() + "' line " + lineNumber + " has no 'text' (or 'content') string.");
        }
        String title = text(record, "title", null);
        Map<String, String> attributes = new HashMap<>(file.attributes());
        record.properties().forEach(field -> {
            if (field.getValue().isValueNode() && !field.getValue().isNull() && !DOCUMENT_FIELDS.contains(field.getKey())) {
                attributes.put(field.getKey(), field.getValue().asText());
            }
        });
        record.path("metadata").properties().forEach(field -> {
            if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                attributes.put(field.getKey(), field.getValue().asText());
            }
        });
        List<Block> blocks = new ArrayList<>();
        Paragraphs.split(body, 0, body.length(), null, null, blocks);
        return new ParsedDocument(id, file.name(), title == null || title.isBlank() ? null : title, body, blocks, attributes);
    }

    private static String text(JsonNode record, String field, String otherwise) {
        JsonNode value = record.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : otherwise;
    }

}
