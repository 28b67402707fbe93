package dev.switchboard.routing.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The published router metrics, as pure functions of curves.
 *
 * <p>Two-model routing (RouteLLM, Ong et al. 2024): a router sends a fraction {@code c} of the
 * calls to the strong model; its performance gap recovered is
 * {@code PGR = (perf − perf(weak)) / (perf(strong) − perf(weak))}. APGR is the area under PGR
 * against {@code c} over [0, 1]; CPT(x) is the smallest {@code c} whose PGR reaches {@code x}.
 *
 * <p>Multi-model routing (RouterBench, Hu et al. 2024): a router's configurations give points in the
 * (cost, quality) plane; its non-decreasing convex hull R̃ is the best quality reachable at each
 * cost by mixing configurations, and {@code AIQ = ∫ R̃(c) dc / (c_max − c_min)} over the cost range.
 * Below the router's cheapest point nothing is reachable, which counts as quality 0.
 */
public final class RouterMetrics {
    private RouterMetrics() {
    }

    /** A point of a curve. */
    public record Point(double x, double y) {
    }

    /**
     * The PGR curve of a two-model router that sends the prompts with the highest {@code routerScore}
     * to the strong model first. Prompts with equal router scores cannot be told apart, so they
     * move to the strong model as one block, and the curve is straight across the block — the
     * expected curve under random tie-breaking.
     *
     * @return points (strong-call fraction, PGR) from (0, 0) to (1, 1)
     */
    public static List<Point> pgrCurve(double[] routerScore, double[] strong, double[] weak) {
        int n = routerScore.length;
        double strongMean = mean(strong);
        double weakMean = mean(weak);
        double gap = strongMean - weakMean;
        if (gap <= 0) {
            throw new IllegalArgumentException("the strong model must score above the weak one on average, got "
                    + strongMean + " vs " + weakMean);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> -routerScore[i]));
        List<Point> curve = new ArrayList<>();
        curve.add(new Point(0, 0));
        double total = weakMean * n; // summed performance with every call on the weak model
        for (int at = 0; at < n; ) {
            int end = at;
            while (end < n && routerScore[order[end]] == routerScore[order[at]]) {
                total += strong[order[end]] - weak[order[end]];
                end++;
            }
            curve.add(new Point((double) end / n, (total / n - weakMean) / gap));
            at = end;
        }
        return curve;
    }

    /** Area under a curve by the trapezoid rule, its points in increasing x. */
    public static double area(List<Point> curve) {
        double area = 0;
        for (int i = 1; i < curve.size(); i++) {
            Point a = curve.get(i - 1);
            Point b = curve.get(i);
            area += (b.x() - a.x()) * (a.y() + b.y()) / 2;
        }
        return area;
    }

    /** The smallest x at which the curve (points in increasing x, joined linearly) reaches {@code target}; NaN if it never does. */
    public static double firstReaching(List<Point> curve, double target) {
        for (int i = 0; i < curve.size(); i++) {
            Point b = curve.get(i);
            if (b.y() >= target) {
                if (i == 0) {
                    return b.x();
                }
                Point a = curve.get(i - 1);
                return a.x() + (target - a.y()) / (b.y() - a.y()) * (b.x() - a.x());
            }
        }
        return Double.NaN;
    }

    /**
     * The non-decreasing convex hull of (cost, quality) points: the upper convex hull from the
     * cheapest point up to the best-quality one (cheapest among equals). Beyond it quality stays flat.
     */
    public static List<Point> nonDecreasingHull(List<Point> points) {
        List<Point> sorted = points.stream()
                .sorted(Comparator.comparingDouble(Point::x).thenComparing(Comparator.comparingDouble(Point::y).reversed()))
                .toList();
        List<Point> hull = new ArrayList<>();
        for (Point p : sorted) {
            if (!hull.isEmpty() && p.y() <= hull.get(hull.size() - 1).y()) {
                continue; // costs at least as much for no more quality: never on a non-decreasing frontier
            }
            while (hull.size() >= 2 && !turnsRight(hull.get(hull.size() - 2), hull.get(hull.size() - 1), p)) {
                hull.remove(hull.size() - 1);
            }
            hull.add(p);
        }
        return hull;
    }

    /** RouterBench's AIQ of a router's configurations over the cost range [minCost, maxCost]. */
    public static double aiq(List<Point> points, double minCost, double maxCost) {
        if (!(maxCost > minCost)) {
            throw new IllegalArgumentException("the cost range must not be empty, got [" + minCost + ", " + maxCost + "]");
        }
        List<Point> hull = nonDecreasingHull(points);
        List<Point> curve = new ArrayList<>(hull);
        Point best = hull.get(hull.size() - 1);
        curve.add(new Point(Math.max(maxCost, best.x()), best.y())); // flat beyond the best point
        double area = 0;
        for (int i = 1; i < curve.size(); i++) {
            area += segmentArea(curve.get(i - 1), curve.get(i), minCost, maxCost);
        }
        return area / (maxCost - minCost);
    }

    /** The area under the straight segment a–b within [lo, hi]. */
    private static double segmentArea(Point a, Point b, double lo, double hi) {
        double from = Math.max(a.x(), lo);
        double to = Math.min(b.x(), hi);
        if (to <= from) {
            return 0;
        }
        return (to - from) * (at(a, b, from) + at(a, b, to)) / 2;
    }

    private static double at(Point a, Point b, double x) {
        return b.x() == a.x() ? b.y() : a.y() + (x - a.x()) / (b.x() - a.x()) * (b.y() - a.y());
    }

    // True when o → a → b bends clockwise, i.e. a lies strictly above the chord o–b.
    private static boolean turnsRight(Point o, Point a, Point b) {
        return (a.x() - o.x()) * (b.y() - o.y()) - (a.y() - o.y()) * (b.x() - o.x()) < 0;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }
}
