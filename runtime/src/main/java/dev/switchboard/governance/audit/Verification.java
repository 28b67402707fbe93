package dev.switchboard.governance.audit;

/**
 * The result of walking the audit chain.
 *
 * @param records  entries checked (up to the first bad one)
 * @param firstBad the sequence number of the first entry whose hash or link is wrong; null when the chain holds
 * @param problem  what is wrong with that entry; null when the chain holds
 */
public record Verification(long records, Long firstBad, String problem) {
    public boolean valid() {
        return firstBad == null;
    }
}
