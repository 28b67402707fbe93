package dev.switchboard.skills;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads skill folders in the two ways the client guide describes.
 *
 * <ul>
 *   <li>{@link #load} is lenient: a skill with faults the specification forbids but that leave it
 *       usable (a name that differs from its folder, an over-long description, an unknown field,
 *       an unquoted colon) is loaded, its faults reported as warnings; a skill with no
 *       description, no usable name or unreadable frontmatter is skipped, its faults reported as
 *       errors.</li>
 *   <li>{@link #validate} is strict: every fault, each with its file and line, as an error; the
 *       recommendations (a body under 500 lines, linked files that exist) as warnings.</li>
 * </ul>
 *
 * Both also check the folder: symbolic links that lead out of it are faults (their files are
 * never served), and so are links in the body that climb out with {@code ../}.
 */
public final class SkillLoader {
    /** Larger than any instructions a model should be given at once; the guide recommends under 5,000 tokens. */
    public static final long MAX_SKILL_FILE_BYTES = 256 * 1024;
    /** The specification's recommended ceiling for SKILL.md. */
    static final int RECOMMENDED_MAX_LINES = 500;
    // Bounds from the client guide: scanning must not run away in a large tree.
    private static final int MAX_DEPTH = 4;
    private static final int MAX_FOLDERS = 2000;
    private static final int MAX_FILES_CHECKED = 10_000;
    private static final Set<String> SKIPPED = Set.of(".git", "node_modules", ".hg", ".svn", "__pycache__", ".venv");
    private static final Pattern LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

    /**
     * What lenient loading made of one folder.
     *
     * @param skill       the skill; empty when it could not be loaded
     * @param diagnostics its faults: warnings for a loaded skill, errors among them for a skipped one
     */
    public record Loaded(Optional<Skill> skill, List<Diagnostic> diagnostics) {
        public Loaded {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    private SkillLoader() {
    }

    /** Loads the skill in {@code dir} leniently. */
    public static Loaded load(Path dir, Origin origin) {
        Checked checked = check(dir);
        if (checked.fatal) {
            return new Loaded(Optional.empty(), checked.faults);
        }
        Frontmatter fm = checked.frontmatter;
        Skill skill = new Skill(fm.name, fm.description, fm.license, fm.compatibility, fm.metadata, fm.allowedTools,
                dir.toAbsolutePath().normalize(), origin);
        return new Loaded(Optional.of(skill), checked.faults.stream().map(Diagnostic::tolerated).toList());
    }

    /** Every fault of the skill in {@code dir}, strictly: an empty list, or only warnings, means it is valid. */
    public static List<Diagnostic> validate(Path dir) {
        return check(dir).faults;
    }

    /**
     * The skill folders under {@code root}: {@code root} itself when it holds a {@code SKILL.md},
     * else every folder below it (to a depth of {@value #MAX_DEPTH}) that does, in name order.
     * Folders such as {@code .git} and {@code node_modules} are skipped.
     *
     * @throws IOException when {@code root} cannot be read
     */
    public static List<Path> discover(Path root) throws IOException {
        if (Files.isRegularFile(root.resolve(Skill.FILE))) {
            return List.of(root);
        }
        List<Path> found = new ArrayList<>();
        int[] folders = {0};
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (++folders[0] > MAX_FOLDERS) {
                    return FileVisitResult.TERMINATE;
                }
                Path name = dir.getFileName();
                if (!dir.equals(root) && name != null && SKIPPED.contains(name.toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (!dir.equals(root) && Files.isRegularFile(dir.resolve(Skill.FILE))) {
                    found.add(dir);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(Comparator.comparing(Path::toString));
        return found;
    }

    private record Checked(Frontmatter frontmatter, List<Diagnostic> faults, boolean fatal) {
    }

    private static Checked check(Path dir) {
        List<Diagnostic> faults = new ArrayList<>();
        Path file = dir.resolve(Skill.FILE);
        String folderName = dir.toAbsolutePath().normalize().getFileName() == null ? null
                : dir.toAbsolutePath().normalize().getFileName().toString();
        String text = readSkillFile(dir, file, faults);
        if (text == null) {
            return new Checked(null, faults, true);
        }
        SkillFile.Parsed parsed = SkillFile.parse(file, text);
        faults.addAll(parsed.diagnostics());
        Frontmatter fm = Frontmatter.check(file, parsed, folderName, faults);
        if (!fm.fatal) {
            checkBody(dir, file, parsed, faults);
            checkLinks(dir, faults);
        }
        return new Checked(fm, faults, fm.fatal);
    }

    private static String readSkillFile(Path dir, Path file, List<Diagnostic> faults) {
        if (!Files.isDirectory(dir)) {
            faults.add(Diagnostic.error(dir, 0, null, "is not a folder"));
            return null;
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try (var entries = Files.list(dir)) {
                Optional<Path> otherCase = entries.filter(p -> p.getFileName().toString().equalsIgnoreCase(Skill.FILE)).findFirst();
                faults.add(Diagnostic.error(otherCase.orElse(file), 0, null, otherCase.isPresent()
                        ? "must be named exactly " + Skill.FILE : "is missing: every skill folder holds a " + Skill.FILE));
            } catch (IOException e) {
                faults.add(Diagnostic.error(file, 0, null, "cannot be read: " + e.getMessage()));
            }
            return null;
        }
        if (!SkillFolder.inside(dir, file)) {
            faults.add(Diagnostic.error(file, 0, null, "is a symbolic link out of the skill folder"));
            return null;
        }
        try {
            long size = Files.size(file);
            if (size > MAX_SKILL_FILE_BYTES) {
                faults.add(Diagnostic.error(file, 0, null, "is " + size + " bytes; at most " + MAX_SKILL_FILE_BYTES
                        + " are read (move detail into references/)"));
                return null;
            }
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            faults.add(Diagnostic.error(file, 0, null, "is not UTF-8 text"));
        } catch (IOException e) {
            faults.add(Diagnostic.error(file, 0, null, "cannot be read: " + e.getMessage()));
        }
        return null;
    }

    private static void checkBody(Path dir, Path file, SkillFile.Parsed parsed, List<Diagnostic> faults) {
        String body = parsed.body();
        if (body.isEmpty()) {
            faults.add(Diagnostic.warning(file, parsed.bodyLine(), null, "has no instructions after the frontmatter"));
            return;
        }
        long lines = parsed.bodyLine() - 1 + body.lines().count();
        if (lines > RECOMMENDED_MAX_LINES) {
            faults.add(Diagnostic.warning(file, 0, null, "has " + lines + " lines; the specification recommends under "
                    + RECOMMENDED_MAX_LINES + " (move detail into references/)"));
        }
        String[] bodyLines = body.split("\n", -1);
        // The body was trimmed: find where its first line sits in the file for accurate line numbers.
        int offset = parsed.bodyLine();
        for (int i = 0; i < bodyLines.length; i++) {
            Matcher m = LINK.matcher(bodyLines[i]);
            while (m.find()) {
                String target = m.group(1);
                if (target.contains("://") || target.startsWith("#") || target.startsWith("mailto:")) {
                    continue;
                }
                String path = target.replaceAll("[#?].*$", "");
                if (path.isEmpty()) {
                    continue;
                }
                int line = offset + i;
                if (path.startsWith("/") || !dir.resolve(path).normalize().startsWith(dir.normalize())) {
                    faults.add(Diagnostic.error(file, line, path, "links outside the skill folder; use a path relative to the skill's root"));
                } else if (!Files.exists(dir.resolve(path))) {
                    faults.add(Diagnostic.warning(file, line, path, "links to a file the skill does not have"));
                }
            }
        }
    }

    /** Symbolic links anywhere in the skill that lead out of it: faults, and never served. */
    private static void checkLinks(Path dir, List<Diagnostic> faults) {
        int[] seen = {0};
        try {
            Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), 16, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    Path name = d.getFileName();
                    return !d.equals(dir) && name != null && SKIPPED.contains(name.toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (++seen[0] > MAX_FILES_CHECKED) {
                        return FileVisitResult.TERMINATE;
                    }
                    if (attrs.isSymbolicLink()) {
                        String relative = dir.relativize(f).toString();
                        if (!Files.exists(f)) {
                            faults.add(Diagnostic.warning(f, 0, relative, "is a symbolic link to nothing"));
                        } else if (!SkillFolder.inside(dir, f)) {
                            faults.add(Diagnostic.error(f, 0, relative, "is a symbolic link out of the skill folder; it is never served"));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    faults.add(Diagnostic.warning(f, 0, dir.relativize(f).toString(), "cannot be read: " + e.getMessage()));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            faults.add(Diagnostic.warning(dir, 0, null, "cannot be walked: " + e.getMessage()));
        }
    }
}
