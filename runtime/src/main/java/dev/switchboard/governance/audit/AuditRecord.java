package dev.switchboard.governance.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One entry of the audit log as stored: what happened, who did it, and the link to the entry
 * before it. {@code hash} is SHA-256 over {@code prevHash} followed by {@link #canonical()}, so
 * changing, removing or reordering any stored entry breaks the chain at that point.
 *
 * @param seq      position in the log, from 1 without gaps
 * @param orgId    the organisation the action concerns; null for platform actions and unattributed failures
 * @param actor    who acted: {@code bootstrap-admin}, {@code user:<id>}, {@code oidc:<subject>}, or {@code anonymous}
 * @param action   what was done, {@code <resource>.<verb>}, e.g. {@code key.create}, {@code auth.failure}
 * @param target   the id (or path) acted on; null when none
 * @param detail   a small JSON object, never containing a secret; null when none
 * @param prevHash the previous entry's hash; 64 zeros for the first entry
 */
public record AuditRecord(long seq, Instant time, String orgId, String actor, String action, String target,
                          String detail, String prevHash, String hash) {
    /** The {@code prevHash} of the first entry. */
    public static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The fields the hash covers, in a fixed order, as a JSON array: JSON escaping makes the
     * encoding unambiguous (no field can imitate a separator), and {@code detail} is covered as the
     * exact text stored, so no re-serialisation can change it.
     */
    public String canonical() {
        try {
            return JSON.writeValueAsString(Arrays.asList(seq, time.toEpochMilli(), orgId, actor, action, target, detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings and numbers always serialise", e);
        }
    }

    /** The hash this entry must carry, given its fields and {@code prevHash}. */
    public String expectedHash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prevHash.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(canonical().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** This entry with its hash computed, for appending. */
    AuditRecord sealed() {
        return new AuditRecord(seq, time, orgId, actor, action, target, detail, prevHash, expectedHash());
    }
}
