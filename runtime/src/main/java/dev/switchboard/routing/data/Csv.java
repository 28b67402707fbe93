package dev.switchboard.routing.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A reader of RFC 4180 CSV: fields separated by commas, optionally quoted with {@code "}, a quote
 * inside a quoted field written twice, and line breaks allowed inside quoted fields (RouterBench's
 * model responses span many lines). Records end at CRLF or LF outside quotes.
 *
 * <p>Written here rather than taken from a library because the one in the Jackson family is not
 * among the project's dependencies, and this is all the outcome files need.
 */
final class Csv {
    private Csv() {
    }

    /** Every record of the input, header included, in order. */
    static List<List<String>> read(Reader source) throws IOException {
        // One character of look-ahead tells an escaped quote from a closing one.
        Reader in = source.markSupported() ? source : new BufferedReader(source);
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int c;
        while ((c = in.read()) != -1) {
            char ch = (char) c;
            if (quoted) {
                if (ch != '"') {
                    field.append(ch);
                    continue;
                }
                in.mark(1);
                int next = in.read();
                if (next == '"') {
                    field.append('"');
                } else {
                    quoted = false;
                    if (next != -1) {
                        in.reset();
                    }
                }
                continue;
            }
            switch (ch) {
                case '"' -> {
                    quoted = true;
                    fieldStarted = true;
                }
                case ',' -> {
                    record.add(field.toString());
                    field.setLength(0);
                    fieldStarted = true;
                }
                case '\r' -> {
                    // CR belongs to a CRLF record end; a lone CR is kept out of the data too.
                }
                case '\n' -> {
                    record.add(field.toString());
                    records.add(record);
                    record = new ArrayList<>();
                    field.setLength(0);
                    fieldStarted = false;
                }
                default -> {
                    field.append(ch);
                    fieldStarted = true;
                }
            }
        }
        if (quoted) {
            throw new IOException("CSV ends inside a quoted field (record " + (records.size() + 1) + ")");
        }
        if (fieldStarted || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
