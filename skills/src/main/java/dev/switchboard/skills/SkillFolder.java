package dev.switchboard.skills;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reading inside a skill's folder, and only inside it. A relative path is refused when it is
 * absolute, climbs with {@code ..}, uses backslashes, lies outside the areas a caller allows
 * ({@code references/}, {@code assets/}), or resolves — through a symbolic link anywhere on the
 * way — to a file outside the folder. Every refusal says which path and why, never where the
 * folder is on the host.
 */
public final class SkillFolder {
    private static final Set<String> HIDDEN = Set.of(".git", "node_modules", "__pycache__", ".venv", ".DS_Store");
    private static final Map<String, String> MEDIA_TYPES = Map.ofEntries(
            Map.entry("md", "text/markdown"), Map.entry("markdown", "text/markdown"), Map.entry("txt", "text/plain"),
            Map.entry("json", "application/json"), Map.entry("yaml", "application/yaml"), Map.entry("yml", "application/yaml"),
            Map.entry("csv", "text/csv"), Map.entry("tsv", "text/tab-separated-values"), Map.entry("html", "text/html"),
            Map.entry("xml", "application/xml"), Map.entry("xsd", "application/xml"), Map.entry("py", "text/x-python"),
            Map.entry("sh", "text/x-shellscript"), Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"),
            Map.entry("ts", "text/plain"), Map.entry("sql", "application/sql"), Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"), Map.entry("ttf", "font/ttf"), Map.entry("docx",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"));

    /**
     * A file read from a skill.
     *
     * @param path      its path inside the skill, with {@code /} separators
     * @param mediaType its media type, from its extension
     * @param bytes     its content
     * @param text      its content as text when it is UTF-8 text; null for binary content
     */
    public record FileContent(String path, String mediaType, byte[] bytes, String text) {
    }

    /** A file of a skill, for listings. */
    public record Entry(String path, String mediaType, long size) {
    }

    private SkillFolder() {
    }

    /** The instructions of {@code SKILL.md}: the Markdown after the frontmatter, as the file now is. */
    public static String body(Skill skill) {
        try {
            byte[] bytes = Files.readAllBytes(skill.file());
            return SkillFile.parse(skill.file(), new String(bytes, StandardCharsets.UTF_8)).body();
        } catch (IOException e) {
            throw new SkillAccessException("The skill '" + skill.name() + "' cannot be read any more.");
        }
    }

    /**
     * Reads a file of {@code skill}.
     *
     * @param areas    the top-level folders the path must start in; empty for anywhere in the skill
     * @param maxBytes the largest file served
     * @throws SkillAccessException naming the path and the reason it is refused
     */
    public static FileContent read(Skill skill, String relative, Set<String> areas, long maxBytes) {
        Path file = resolve(skill, relative, areas);
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new SkillAccessException(skill.name() + "/" + relative + " is " + size + " bytes; at most " + maxBytes + " are served.");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) maxBytes + 1);
            }
            if (bytes.length > maxBytes) {
                throw new SkillAccessException(skill.name() + "/" + relative + " is larger than " + maxBytes + " bytes.");
            }
            String clean = clean(relative);
            return new FileContent(clean, mediaType(clean), bytes, textOf(bytes));
        } catch (IOException e) {
            throw new SkillAccessException(skill.name() + "/" + relative + " cannot be read.");
        }
    }

    /**
     * The file {@code relative} names inside {@code skill}, checked.
     *
     * @throws SkillAccessException when the path is refused or names no file
     */
    public static Path resolve(Skill skill, String relative, Set<String> areas) {
        String where = skill.name() + "/" + relative;
        if (relative == null || relative.isBlank()) {
            throw new SkillAccessException("A path inside the skill '" + skill.name() + "' is required, e.g. references/REFERENCE.md.");
        }
        if (relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0 || relative.startsWith("/") || relative.matches("^[A-Za-z]:.*")) {
            throw new SkillAccessException(where + ": use a relative path with '/' separators.");
        }
        List<String> segments = List.of(relative.split("/"));
        if (segments.contains("..")) {
            throw new SkillAccessException(where + ": '..' is not allowed; paths stay inside the skill's folder.");
        }
        List<String> parts = segments.stream().filter(s -> !s.isEmpty() && !s.equals(".")).toList();
        if (parts.isEmpty()) {
            throw new SkillAccessException(where + ": names no file.");
        }
        if (!areas.isEmpty() && (parts.size() < 2 || !areas.contains(parts.get(0)))) {
            throw new SkillAccessException(where + ": only files under " + String.join("/ or ", areas.stream().sorted().toList())
                    + "/ can be read this way.");
        }
        Path file = skill.directory().resolve(String.join("/", parts));
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new SkillAccessException(where + ": no such file in the skill.");
        }
        if (!inside(skill.directory(), file)) {
            throw new SkillAccessException(where + ": leads outside the skill's folder (a symbolic link); it is not served.");
        }
        if (!Files.isRegularFile(file)) {
            throw new SkillAccessException(where + ": is a folder, not a file.");
        }
        return file;
    }

    /** The skill's files other than SKILL.md, in path order, at most {@code cap}: what an agent may ask for. */
    public static List<Entry> files(Skill skill, int cap) {
        Path dir = skill.directory();
        List<Entry> entries = new ArrayList<>();
        try {
            Files.walkFileTree(dir, Set.of(), 8, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return !d.equals(dir) && HIDDEN.contains(d.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    String relative = clean(dir.relativize(f).toString());
                    if (relative.equals(Skill.FILE) || HIDDEN.contains(f.getFileName().toString())) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isSymbolicLink() && (!inside(dir, f) || !Files.isRegularFile(f))) {
                        return FileVisitResult.CONTINUE;
                    }
                    try {
                        entries.add(new Entry(relative, mediaType(relative), Files.size(f)));
                    } catch (IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                    return entries.size() >= cap ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return List.of();
        }
        entries.sort(java.util.Comparator.comparing(Entry::path));
        return entries;
    }

    /** Whether {@code file}, with every symbolic link on its way followed, lies inside {@code dir}. */
    public static boolean inside(Path dir, Path file) {
        try {
            return file.toRealPath().startsWith(dir.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** The media type of a file, from its extension; {@code application/octet-stream} when unknown. */
    public static String mediaType(String path) {
        int dot = path.lastIndexOf('.');
        String extension = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return MEDIA_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    /** The bytes as text when they are UTF-8 without NULs; else null. */
    static String textOf(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return text.indexOf('\0') >= 0 ? null : text;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String clean(String relative) {
        return relative.replace(java.io.File.separatorChar, '/').replaceAll("/+", "/").replaceAll("^(\\./)+", "");
    }
}
