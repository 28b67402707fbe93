package dev.switchboard.routing.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.StrictJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads routing outcome data in the three shapes users have it in:
 * <ul>
 *   <li><b>JSONL</b> ({@code .jsonl}), one prompt per line:
 *       {@code {"prompt": "...", "category": "optional", "scores": {"model": 0..1}, "costs_usd": {"model": usd}}};</li>
 *   <li><b>RouterBench's wide CSV</b>: a {@code prompt} column, one score column per model, and a
 *       {@code <model>|total_cost} column for each — a column is a model's exactly when its cost
 *       column exists. The category is the {@code eval_name} column, else the file's name; the
 *       prompt is reduced to its question ({@link #question});</li>
 *   <li><b>long CSV</b>: {@code prompt,model,score[,cost_usd][,category]}, one row per prompt and
 *       model, as outcome logs usually are; rows of the same prompt are merged.</li>
 * </ul>
 * Blank scores and costs mean "not measured" and are left out of the example.
 */
public final class OutcomeFiles {
    private static final String COST_SUFFIX = "|total_cost";

    private OutcomeFiles() {
    }

    /** The examples of {@code file}, in file order; the format is chosen by extension and, for CSV, by header. */
    public static List<Example> read(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".jsonl")) {
            return readJsonl(file);
        }
        List<List<String>> rows;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            rows = Csv.read(in);
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> header = rows.get(0);
        if (header.stream().anyMatch(h -> h.endsWith(COST_SUFFIX))) {
            return wide(header, rows.subList(1, rows.size()), name.replaceFirst("\\.[^.]*$", ""), file);
        }
        if (header.contains("prompt") && header.contains("model") && header.contains("score")) {
            return longFormat(header, rows.subList(1, rows.size()), file);
        }
        throw new IOException(file + ": a CSV needs either <model>|total_cost columns (RouterBench) "
                + "or prompt, model and score columns, found " + header);
    }

    private static List<Example> readJsonl(Path file) throws IOException {
        List<Example> examples = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = StrictJson.readTree(line);
            } catch (JsonProcessingException e) {
                // A broken parser limit (a number's length, say) comes without a location.
                String column = e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")";
                throw new IOException(file + " line " + lineNo + ": " + e.getOriginalMessage() + column, e);
            }
            if (!node.path("prompt").isTextual() || !node.path("scores").isObject()) {
                throw new IOException(file + " line " + lineNo + ": needs a text \"prompt\" and a \"scores\" object");
            }
            examples.add(new Example(node.get("prompt").asText(), node.path("category").asText(""),
                    numbers(node.get("scores")), numbers(node.path("costs_usd"))));
        }
        return examples;
    }

    private static Map<String, Double> numbers(JsonNode object) {
        Map<String, Double> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            if (e.getValue().isNumber()) {
                out.put(e.getKey(), e.getValue().asDouble());
            }
        });
        return out;
    }

    private static List<Example> wide(List<String> header, List<List<String>> rows, String fileCategory, Path file)
            throws IOException {
        int prompt = required(header, "prompt", file);
        int evalName = header.indexOf("eval_name");
        Map<String, int[]> models = new LinkedHashMap<>(); // model -> {score column, cost column}
        for (int i = 0; i < header.size(); i++) {
            int cost = header.indexOf(header.get(i) + COST_SUFFIX);
            if (cost >= 0) {
                models.put(header.get(i), new int[] {i, cost});
            }
        }
        List<Example> examples = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            Map<String, Double> scores = new LinkedHashMap<>();
            Map<String, Double> costs = new LinkedHashMap<>();
            models.forEach((model, columns) -> {
                putNumber(scores, model, cell(row, columns[0]));
                putNumber(costs, model, cell(row, columns[1]));
            });
            String category = evalName >= 0 && !cell(row, evalName).isBlank() ? cell(row, evalName) : fileCategory;
            examples.add(new Example(question(cell(row, prompt)), category, scores, costs));
        }
        return examples;
    }

    /**
     * The question a RouterBench prompt asks. RouterBench stores each prompt as a Python list
     * literal ({@code ['...']}, with Python escapes), and its ARC and Winogrande prompts are
     * few-shot: the same worked examples, then the question, separated by blank lines. The
     * examples are identical across a data set and would dominate every prompt's embedding, making
     * them alike; the last block is what differs and what a user would ask.
     */
    static String question(String raw) {
        String text = raw.strip();
        if (text.length() >= 4 && text.startsWith("[") && text.endsWith("]")
                && (text.charAt(1) == '\'' || text.charAt(1) == '"') && text.charAt(text.length() - 2) == text.charAt(1)) {
            text = unescapePython(text.substring(2, text.length() - 2));
        }
        int lastBlock = text.strip().lastIndexOf("\n\n");
        return lastBlock < 0 ? text.strip() : text.strip().substring(lastBlock + 2).strip();
    }

    private static String unescapePython(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char next = s.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                default -> out.append(next); // \\, \', \" stand for the character itself
            }
        }
        return out.toString();
    }

    private static List<Example> longFormat(List<String> header, List<List<String>> rows, Path file) throws IOException {
        int prompt = required(header, "prompt", file);
        int model = required(header, "model", file);
        int score = required(header, "score", file);
        int cost = header.indexOf("cost_usd");
        int category = header.indexOf("category");
        Map<String, Map<String, Double>> scores = new LinkedHashMap<>();
        Map<String, Map<String, Double>> costs = new HashMap<>();
        Map<String, String> categories = new HashMap<>();
        for (List<String> row : rows) {
            String text = cell(row, prompt);
            putNumber(scores.computeIfAbsent(text, t -> new LinkedHashMap<>()), cell(row, model), cell(row, score));
            putNumber(costs.computeIfAbsent(text, t -> new LinkedHashMap<>()), cell(row, model), cell(row, cost));
            categories.putIfAbsent(text, cell(row, category));
        }
        List<Example> examples = new ArrayList<>(scores.size());
        scores.forEach((text, byModel) -> examples.add(new Example(text, categories.get(text), byModel, costs.get(text))));
        return examples;
    }

    private static int required(List<String> header, String column, Path file) throws IOException {
        int index = header.indexOf(column);
        if (index < 0) {
            throw new IOException(file + ": no \"" + column + "\" column in " + header);
        }
        return index;
    }

    private static String cell(List<String> row, int index) {
        return index >= 0 && index < row.size() ? row.get(index) : "";
    }

    private static void putNumber(Map<String, Double> into, String model, String text) {
        if (!text.isBlank()) {
            into.put(model, Double.parseDouble(text.strip()));
        }
    }
}
