package dev.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zipped skills, as a client uploads them to the admin API. */
public final class SkillZips {
    private SkillZips() {
    }

    /** A valid skill zipped from its folder {@code name}/, with the given description. */
    public static byte[] skill(String name, String description) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(name + "/SKILL.md", "---\nname: " + name + "\ndescription: " + description + "\n---\n# " + name + "\n\nBe brief.\n");
        files.put(name + "/references/notes.md", "Notes.\n");
        return of(files);
    }

    public static byte[] skill(String name) {
        return skill(name, "Does " + name + " things. Use when asked.");
    }

    /** An archive of text files, by entry name, in the given order. */
    public static byte[] of(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
