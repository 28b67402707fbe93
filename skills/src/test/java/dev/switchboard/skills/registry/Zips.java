package dev.switchboard.skills.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds zip archives in memory, hostile ones included. */
public final class Zips {
    private Zips() {
    }

    /** An archive of text files, by entry name, in the given order. */
    public static byte[] of(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (var file : files.entrySet()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(file.getKey());
                zip.putArchiveEntry(entry);
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A valid skill archive, zipped from its folder {@code name}/. */
    public static byte[] skill(String name) {
        return of(new java.util.LinkedHashMap<>(Map.of(name + "/SKILL.md", "---\nname: " + name + "\ndescription: Does " + name
                + " things. Use when asked.\n---\n# " + name + "\n\nInstructions.\n", name + "/references/notes.md", "Notes.\n")));
    }

    /** An archive whose entry {@code link} is a symbolic link to {@code target}, beside a valid SKILL.md. */
    public static byte[] withSymlink(String name, String link, String target) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            skillFile(zip, name);
            ZipArchiveEntry entry = new ZipArchiveEntry(name + "/" + link);
            entry.setUnixMode(0120777);
            zip.putArchiveEntry(entry);
            zip.write(target.getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A valid skill plus one file of {@code size} zero bytes: compresses about a thousandfold. */
    public static byte[] bomb(String name, int size) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            skillFile(zip, name);
            zip.putArchiveEntry(new ZipArchiveEntry(name + "/assets/zeros.bin"));
            byte[] chunk = new byte[64 * 1024];
            for (int written = 0; written < size; written += chunk.length) {
                zip.write(chunk, 0, Math.min(chunk.length, size - written));
            }
            zip.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void skillFile(ZipArchiveOutputStream zip, String name) throws IOException {
        zip.putArchiveEntry(new ZipArchiveEntry(name + "/SKILL.md"));
        zip.write(("---\nname: " + name + "\ndescription: d\n---\nBody\n").getBytes(StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
    }
}
