package dev.switchboard.governance.ratelimit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one admitted request took from its rate limits. It must end exactly once: {@link #settle}
 * with the actual token usage when the answer is in, or {@link #release} when the request failed
 * (its prompt tokens are given back; the request itself still counts). Later calls do nothing.
 */
public final class RatePermit {
    /** For callers no limit applies to. */
    public static final RatePermit NONE = new RatePermit(List.of());

    private final List<Taken> taken;
    private final AtomicBoolean ended = new AtomicBoolean();

    /** One bucket's share of the request: one request, or the prompt estimate (capped at the bucket's capacity). */
    record Taken(RateLimiter.Limited bucket, long took) {
        boolean tokens() {
            return bucket.key().kind() == RateLimiter.Kind.TOKENS;
        }
    }

    RatePermit(List<Taken> taken) {
        this.taken = List.copyOf(taken);
    }

    /**
     * The OpenAI-style {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}} headers: for
     * each kind, the limit (key's or team's) with the least room left. Empty when no limit applies.
     */
    public Map<String, String> headers() {
        return headers(taken.stream().map(Taken::bucket).toList());
    }

    /**
     * Replaces the prompt estimate with the tokens actually used: a shortfall is charged even past
     * the limit (the debt delays later requests), a surplus is given back.
     *
     * @param actualTokens prompt plus completion tokens; negative when the upstream reported none
     */
    public void settle(long actualTokens) {
        if (!ended.compareAndSet(false, true) || actualTokens < 0) {
            return;
        }
        for (Taken t : taken) {
            if (t.tokens()) {
                long more = actualTokens - t.took();
                if (more > 0) {
                    t.bucket().bucket().consumeIgnoringRateLimits(more);
                } else if (more < 0) {
                    t.bucket().bucket().addTokens(-more);
                }
            }
        }
    }

    /** Gives the prompt tokens back: the request failed before it used any. */
    public void release() {
        if (ended.compareAndSet(false, true)) {
            giveBack(taken.stream().filter(Taken::tokens).toList());
        }
    }

    static void giveBack(List<Taken> taken) {
        for (Taken t : taken) {
            if (t.took() > 0) {
                t.bucket().bucket().addTokens(t.took());
            }
        }
    }

    static Map<String, String> headers(List<RateLimiter.Limited> buckets) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (RateLimiter.Kind kind : RateLimiter.Kind.values()) {
            RateLimiter.Limited tightest = null;
            long tightestRemaining = Long.MAX_VALUE;
            for (RateLimiter.Limited bucket : buckets) {
                long remaining = Math.max(0, bucket.bucket().getAvailableTokens());
                if (bucket.key().kind() == kind && remaining < tightestRemaining) {
                    tightest = bucket;
                    tightestRemaining = remaining;
                }
            }
            if (tightest != null) {
                headers.put("x-ratelimit-limit-" + kind.header, Long.toString(tightest.perMinute()));
                headers.put("x-ratelimit-remaining-" + kind.header, Long.toString(tightestRemaining));
                headers.put("x-ratelimit-reset-" + kind.header, duration(tightest.nanosToFull()));
            }
        }
        return headers;
    }

    /** A wait in OpenAI's header format: {@code 20ms}, {@code 1s}, {@code 6m0s}; rounded up, so waiting it is enough. */
    static String duration(long nanos) {
        if (nanos <= 0) {
            return "0s";
        }
        if (nanos < 1_000_000_000L) {
            return RateLimiter.ceilDiv(nanos, 1_000_000) + "ms";
        }
        long seconds = RateLimiter.ceilDiv(nanos, 1_000_000_000L);
        return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + seconds % 60 + "s";
    }
}
