package dev.switchboard.governance.ratelimit;

import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.Scope;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Enforces the requests-per-minute and tokens-per-minute limits of a key and its team, in memory.
 * A request is admitted only if every limit that applies has room; its prompt-token estimate is
 * taken at admission and corrected by the actual usage when the answer is in.
 *
 * <p>Thread-safe. Limits are read from {@link RateLimitStore} at start and again on
 * {@link #refresh}; nothing touches the database per request.
 */
public final class RateLimiter {
    /*
     * One Bucket4j local bucket per (scope, id, kind), created on first use and rebuilt when its
     * configured limit changes (the old bucket's count is dropped: a changed limit starts afresh).
     * Buckets refill greedily, limit/60 per second, so "N per minute" never allows a burst of 2N
     * across a minute boundary the way fixed windows do.
     *
     * Several buckets are taken one by one rather than atomically; when a later one refuses, the
     * earlier ones get their tokens back (addTokens), so a refused request costs nothing. The
     * window between take and give-back can make a concurrent request see one fewer token than
     * there is: it errs on the side of refusing, never of overrunning.
     *
     * A prompt larger than a token bucket's whole capacity takes the full capacity rather than
     * being refused for ever; the difference is charged as debt once the actual usage is known.
     */
    private final RateLimitStore store;
    private final TimeMeter time;
    private final Map<BucketKey, Limited> buckets = new ConcurrentHashMap<>();
    private volatile Map<Holder, RateLimit> limits;

    /** What a bucket counts. */
    enum Kind {
        REQUESTS("requests"), TOKENS("tokens");

        final String header;

        Kind(String header) {
            this.header = header;
        }
    }

    private record Holder(Scope scope, String id) {
    }

    record BucketKey(Scope scope, String id, Kind kind) {
    }

    /** A bucket and the per-minute limit it was built for. */
    record Limited(BucketKey key, long perMinute, Bucket bucket) {
        /** How long until the bucket is full again, at the greedy refill rate. */
        long nanosToFull() {
            long missing = perMinute - Math.max(0, bucket.getAvailableTokens());
            // In floating point: tokens per minute times nanos per minute would overflow a long.
            return missing <= 0 ? 0 : (long) Math.ceil((double) missing * Duration.ofMinutes(1).toNanos() / perMinute);
        }
    }

    public RateLimiter(RateLimitStore store, Clock clock) {
        this.store = store;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                java.time.Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.limits = load();
    }

    /** Re-reads every limit: called when an admin changes governance state. */
    public void refresh() {
        limits = load();
    }

    /**
     * Takes one request and the prompt estimate from every limit of the key and its team.
     *
     * @param promptTokens the request's prompt-token estimate
     * @return what was taken, to settle with the actual usage; {@link RatePermit#NONE} when no limit applies
     * @throws GatewayException.RateLimited naming the limit that has no room, with when to retry
     */
    public RatePermit admit(String keyId, String teamId, long promptTokens) {
        Map<Holder, RateLimit> current = limits;
        RateLimit keyLimit = current.get(new Holder(Scope.KEY, keyId));
        RateLimit teamLimit = current.get(new Holder(Scope.TEAM, teamId));
        if (keyLimit == null && teamLimit == null) {
            return RatePermit.NONE;
        }
        List<RatePermit.Taken> taken = new ArrayList<>(4);
        for (RateLimit limit : new RateLimit[]{keyLimit, teamLimit}) {
            if (limit == null) {
                continue;
            }
            for (Kind kind : Kind.values()) {
                Long perMinute = kind == Kind.REQUESTS ? toLong(limit.requestsPerMinute()) : limit.tokensPerMinute();
                if (perMinute == null) {
                    continue;
                }
                Limited bucket = bucket(new BucketKey(limit.scope(), limit.scopeId(), kind), perMinute);
                long wanted;
                if (kind == Kind.REQUESTS) {
                    wanted = 1;
                } else {
                    wanted = Math.min(Math.max(0, promptTokens), perMinute);
                }
                ConsumptionProbe probe = bucket.bucket().tryConsumeAndReturnRemaining(wanted);
                if (!probe.isConsumed()) {
                    RatePermit.giveBack(taken);
                    throw refused(bucket, probe, taken);
                }
                taken.add(new RatePermit.Taken(bucket, wanted));
            }
        }
        return new RatePermit(taken);
    }

    private Limited bucket(BucketKey key, long perMinute) {
        Limited existing = buckets.get(key);
        if (existing != null && existing.perMinute() == perMinute) {
            return existing;
        }
        return buckets.compute(key, (k, old) -> old != null && old.perMinute() == perMinute ? old
                : new Limited(k, perMinute, Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .withCustomTimePrecision(time)
                .build()));
    }

    private static GatewayException.RateLimited refused(Limited bucket, ConsumptionProbe probe, List<RatePermit.Taken> others) {
        BucketKey key = bucket.key();
        Duration wait = Duration.ofMillis(ceilDiv(probe.getNanosToWaitForRefill(), 1_000_000));
        String message = "Rate limit reached for " + key.kind().header + ": this " + key.scope().wireName() + " allows "
                + bucket.perMinute() + " " + key.kind().header + " per minute. Try again in " + RatePermit.duration(wait.toNanos()) + ".";
        List<Limited> all = new ArrayList<>(others.stream().map(RatePermit.Taken::bucket).toList());
        all.add(bucket);
        return new GatewayException.RateLimited(message, wait, RatePermit.headers(all));
    }

    private Map<Holder, RateLimit> load() {
        return store.all().stream().collect(Collectors.toUnmodifiableMap(l -> new Holder(l.scope(), l.scopeId()), l -> l));
    }

    private static Long toLong(Integer value) {
        return value == null ? null : value.longValue();
    }

    static long ceilDiv(long value, long divisor) {
        return -Math.floorDiv(-value, divisor);
    }
}
