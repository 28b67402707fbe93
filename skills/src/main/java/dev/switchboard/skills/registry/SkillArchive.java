package dev.switchboard.skills.registry;

import dev.switchboard.skills.Skill;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Unpacks an uploaded skill archive (a {@code .zip}, or a {@code .skill} file, which is the same)
 * into a staging folder, refusing anything unsafe before a byte of it is trusted.
 *
 * <p>The archive is read through its central directory with Commons Compress, whose entries carry
 * the Unix mode that tells a symbolic link from a file (the JDK's zip classes do not expose it).
 * Refused: entries whose names are absolute, use backslashes or drive letters, or climb with
 * {@code ..}; symbolic links and other special files; more entries than allowed; files that expand
 * past the limits, counted as they are written rather than as the archive declares them (a zip
 * bomb lies about its sizes). The skill is either the archive's root (a {@code SKILL.md} there) or
 * its single top-level folder (what zipping a skill folder makes).
 */
final class SkillArchive {
    private static final long RATIO_FLOOR = 1024 * 1024;
    private static final int MAX_DEPTH = 12;
    // Made by macOS's archiver beside the real content; never part of a skill.
    private static final String MAC_RESOURCE_FORKS = "__MACOSX/";

    private SkillArchive() {
    }

    /**
     * Unpacks {@code archive} into {@code target}, which must not exist yet.
     *
     * @param shownAs how the archive is named in errors, e.g. {@code upload.zip}
     * @return the folder name the archive gave the skill; null when its files are at the archive's root
     * @throws SkillRejected naming the entry at fault
     */
    static String unpack(byte[] archive, Path target, UploadLimits limits, Path shownAs) throws IOException {
        if (archive.length > limits.maxArchiveBytes()) {
            throw SkillRejected.tooLarge(shownAs, "the archive is " + archive.length + " bytes; at most " + limits.maxArchiveBytes()
                    + " are accepted");
        }
        List<ZipArchiveEntry> entries;
        try (ZipFile zip = open(archive, shownAs)) {
            entries = Collections.list(zip.getEntriesInPhysicalOrder());
            if (entries.size() > limits.maxEntries()) {
                throw SkillRejected.tooLarge(shownAs, "the archive holds " + entries.size() + " entries; at most "
                        + limits.maxEntries() + " are accepted");
            }
            List<ZipArchiveEntry> content = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (ZipArchiveEntry entry : entries) {
                String name = entry.getName();
                if (name.startsWith(MAC_RESOURCE_FORKS) || name.endsWith("/.DS_Store") || name.equals(".DS_Store")) {
                    continue;
                }
                checkName(name, shownAs);
                if (entry.isUnixSymlink()) {
                    throw SkillRejected.because(shownAs.resolve(name), null, "is a symbolic link; a skill's files must be plain files");
                }
                int type = entry.getUnixMode() & 0170000;
                if (type != 0 && type != 0100000 && type != 0040000) {
                    throw SkillRejected.because(shownAs.resolve(name), null, "is a special file; a skill's files must be plain files");
                }
                if (!names.add(trimSlash(name))) {
                    throw SkillRejected.because(shownAs.resolve(name), null, "appears twice in the archive");
                }
                content.add(entry);
            }
            String prefix = root(content, shownAs);
            long[] written = {0};
            Files.createDirectories(target);
            for (ZipArchiveEntry entry : content) {
                String relative = entry.getName().substring(prefix.length());
                if (relative.isEmpty()) {
                    continue;
                }
                Path out = target.resolve(relative).normalize();
                if (!out.startsWith(target)) {
                    throw SkillRejected.because(shownAs.resolve(entry.getName()), null, "leads outside the skill's folder");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry); OutputStream file = Files.newOutputStream(out)) {
                    copy(in, file, entry, written, limits, shownAs);
                } catch (java.util.zip.ZipException e) {
                    throw SkillRejected.because(shownAs.resolve(entry.getName()), null, "cannot be unpacked: " + e.getMessage());
                }
            }
            return prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1);
        }
    }

    /** The archive's central directory; anything unreadable there means it is no zip archive. */
    private static ZipFile open(byte[] archive, Path shownAs) {
        try {
            return ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(archive)).get();
        } catch (IOException | RuntimeException e) {
            throw SkillRejected.because(shownAs, null, "is not a readable zip archive");
        }
    }

    /** The path prefix the skill's files share: empty when SKILL.md is at the root, else the single top-level folder. */
    private static String root(List<ZipArchiveEntry> entries, Path shownAs) {
        Set<String> names = new HashSet<>();
        Set<String> tops = new HashSet<>();
        for (ZipArchiveEntry entry : entries) {
            String name = entry.getName();
            names.add(name);
            int slash = name.indexOf('/');
            tops.add(slash < 0 ? name : name.substring(0, slash + 1));
        }
        if (names.contains(Skill.FILE)) {
            return "";
        }
        if (tops.size() == 1) {
            String top = tops.iterator().next();
            if (top.endsWith("/") && names.contains(top + Skill.FILE)) {
                return top;
            }
        }
        throw SkillRejected.because(shownAs.resolve(Skill.FILE), null, "is missing: an archive holds one skill, with its "
                + Skill.FILE + " at the archive's root or in its single top-level folder");
    }

    private static void checkName(String name, Path shownAs) {
        String shown = name.replaceAll("[\\p{Cntrl}]", "?");
        if (name.isEmpty() || name.indexOf('\0') >= 0 || name.chars().anyMatch(Character::isISOControl)) {
            throw SkillRejected.because(shownAs, shown, "an entry name with control characters");
        }
        if (name.startsWith("/") || name.indexOf('\\') >= 0 || name.matches("^[A-Za-z]:.*")) {
            throw SkillRejected.because(shownAs.resolve(shown.replace('\\', '/').replaceAll("^/+", "")), shown,
                    "an absolute path or a Windows path; entries must be relative, with '/' separators");
        }
        List<String> segments = List.of(trimSlash(name).split("/"));
        if (segments.contains("..")) {
            throw SkillRejected.because(shownAs, shown, "climbs out of the skill's folder with '..'");
        }
        if (segments.size() > MAX_DEPTH) {
            throw SkillRejected.because(shownAs, shown, "is nested more than " + MAX_DEPTH + " folders deep");
        }
    }

    private static void copy(InputStream in, OutputStream out, ZipArchiveEntry entry, long[] written, UploadLimits limits, Path shownAs)
            throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long entryBytes = 0;
        long compressed = Math.max(1, entry.getCompressedSize());
        int n;
        while ((n = in.read(buffer)) > 0) {
            entryBytes += n;
            written[0] += n;
            if (written[0] > limits.maxUnpackedBytes()) {
                throw SkillRejected.tooLarge(shownAs.resolve(entry.getName()), "the archive expands past " + limits.maxUnpackedBytes()
                        + " bytes (a zip bomb?); nothing was installed");
            }
            if (entryBytes > RATIO_FLOOR && entryBytes / compressed > limits.maxRatio()) {
                throw SkillRejected.tooLarge(shownAs.resolve(entry.getName()), "expands more than " + limits.maxRatio()
                        + " times its compressed size (a zip bomb?); nothing was installed");
            }
            out.write(buffer, 0, n);
        }
    }

    private static String trimSlash(String name) {
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }
}
