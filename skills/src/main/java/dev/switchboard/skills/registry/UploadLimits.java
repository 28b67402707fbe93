package dev.switchboard.skills.registry;

/**
 * Bounds on one uploaded skill archive. A skill is instructions, a few references and small
 * scripts: these leave ample room for that while keeping a hostile archive (a zip bomb, a million
 * empty entries, a path a thousand folders deep) from costing the server more than a moment.
 *
 * @param maxArchiveBytes  the largest archive accepted, as uploaded
 * @param maxUnpackedBytes the most bytes its files may expand to, all together
 * @param maxEntries       the most entries (files and folders) it may hold
 * @param maxRatio         the largest expansion of a file over its compressed size once past a megabyte
 */
public record UploadLimits(long maxArchiveBytes, long maxUnpackedBytes, int maxEntries, int maxRatio) {
    public static final UploadLimits DEFAULTS = new UploadLimits(10L * 1024 * 1024, 50L * 1024 * 1024, 2_000, 100);

    public UploadLimits {
        if (maxArchiveBytes < 1 || maxUnpackedBytes < 1 || maxEntries < 1 || maxRatio < 1) {
            throw new IllegalArgumentException("upload limits must be positive");
        }
    }
}
