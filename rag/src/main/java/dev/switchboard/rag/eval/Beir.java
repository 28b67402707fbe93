package dev.switchboard.rag.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * A retrieval benchmark in BEIR's format: {@code corpus.jsonl} ({@code _id}, {@code title},
 * {@code text}), {@code queries.jsonl} ({@code _id}, {@code text}) and {@code qrels/<split>.tsv}
 * (a header, then query id, document id and graded relevance, tab-separated). Only queries with a
 * judgement in the split are kept.
 *
 * @param corpus  document id to its title and text, in file order
 * @param queries query id to text, for the split's judged queries, in file order
 * @param qrels   query id to document id to relevance (above 0 is relevant)
 */
public record Beir(Map<String, Doc> corpus, Map<String, String> queries, Map<String, Map<String, Integer>> qrels) {

    /** A corpus document. */
    public record Doc(String id, String title, String text) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Beir load(Path folder, String split) throws IOException {
        Path qrelsFile = folder.resolve("qrels").resolve(split + ".tsv");
        for (Path required : List.of(folder.resolve("corpus.jsonl"), folder.resolve("queries.jsonl"), qrelsFile)) {
            if (!Files.isRegularFile(required)) {
                throw new IOException(required + " is missing: a BEIR folder holds corpus.jsonl, queries.jsonl and qrels/<split>.tsv");
            }
        }
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(qrelsFile, StandardCharsets.UTF_8)) {
            String line;
            boolean first = true;
            while ((line = in.readLine()) != null) {
                String[] parts = line.split("\t");
                if (first && parts.length >= 3 && !isInteger(parts[2].strip())) {
                    first = false;
                    continue;
                }
                first = false;
                if (parts.length < 3) {
                    continue;
                }
                qrels.computeIfAbsent(parts[0].strip(), q -> new HashMap<>()).put(parts[1].strip(), Integer.parseInt(parts[2].strip()));
            }
        }
        Map<String, Doc> corpus = new LinkedHashMap<>();
        for (JsonNode d : lines(folder.resolve("corpus.jsonl"))) {
            String id = d.path("_id").asText();
            corpus.put(id, new Doc(id, d.path("title").asText(""), d.path("text").asText("")));
        }
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode q : lines(folder.resolve("queries.jsonl"))) {
            String id = q.path("_id").asText();
            if (qrels.containsKey(id)) {
                queries.put(id, q.path("text").asText());
            }
        }
        return new Beir(corpus, queries, qrels);
    }

    private static boolean isInteger(String s) {
        try {
            Integer.parseInt(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }
}
