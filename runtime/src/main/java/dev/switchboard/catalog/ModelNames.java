package dev.switchboard.catalog;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Which of the names some table knows (outcome data's columns, a reference set's models, the
 * gateway's servable names, catalog ids) a user meant by a model name. The same model goes by
 * several names: with or without a vendor's prefix ({@code mixtral-8x7b-chat},
 * {@code mistralai/mixtral-8x7b-chat}, {@code together/mistralai/mixtral-8x7b-chat}), in another
 * case, or under a catalog alias (a catalog entry whose id is not its upstream model's name, e.g.
 * {@code anthropic/claude-sonnet-4-5} for {@code claude-sonnet-4-5-20250929}). Every place a user
 * names a model for routing resolves it here, so all of them agree.
 *
 * <p>The rules, tried in order; the first that finds any known name decides:
 * <ol>
 *   <li>the name itself;</li>
 *   <li>the name in another case;</li>
 *   <li>a name with vendor prefixes added or dropped: one name's {@code /} segments end the other's;</li>
 *   <li>a name with another vendor prefix: the same last segment ({@code meta/llama-2-70b-chat},
 *       {@code meta-llama/llama-2-70b-chat});</li>
 *   <li>a catalog alias: a known name that, by rules 2 to 4, is the id or the model of a catalog
 *       entry that the asked name is, by the same rules, the id or the model of.</li>
 * </ol>
 * A rule that finds several known names makes the name ambiguous: an error naming them, never a guess.
 *
 * <p>Immutable and thread-safe. Rule 5 scans the catalog, so callers on the request path cache
 * what they resolved.
 */
public final class ModelNames {
    private static final List<BiPredicate<String, String>> ACROSS_PREFIXES = List.of(
            String::equalsIgnoreCase, ModelNames::oneEndsTheOther, ModelNames::sameLastSegment);

    private final ModelCatalog catalog;

    public ModelNames(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * The known name {@code asked} means.
     *
     * @return empty when no rule finds one
     * @throws IllegalArgumentException when a rule finds several, naming them
     */
    public Optional<String> resolve(String asked, Collection<String> known) {
        List<String> found = matches(asked, known);
        if (found.size() > 1) {
            throw new IllegalArgumentException("'" + asked + "' is ambiguous: it may mean " + String.join(", ", found.stream().sorted().toList())
                    + "; name one of them");
        }
        return found.stream().findFirst();
    }

    /** Every known name {@code asked} may mean, by the first rule that finds any; empty when none does. */
    public List<String> matches(String asked, Collection<String> known) {
        if (known.contains(asked)) {
            return List.of(asked);
        }
        for (BiPredicate<String, String> rule : ACROSS_PREFIXES) {
            List<String> found = known.stream().filter(name -> rule.test(asked, name)).distinct().toList();
            if (!found.isEmpty()) {
                return found;
            }
        }
        Set<String> aliases = new LinkedHashSet<>();
        for (CatalogEntry entry : catalog.all()) {
            if (sameModel(asked, entry.id()) || sameModel(asked, entry.model())) {
                aliases.add(entry.id());
                aliases.add(entry.model());
            }
        }
        return known.stream().filter(name -> aliases.stream().anyMatch(alias -> sameModel(alias, name))).distinct().toList();
    }

    private static boolean sameModel(String a, String b) {
        return ACROSS_PREFIXES.stream().anyMatch(rule -> rule.test(a, b));
    }

    private static boolean oneEndsTheOther(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        return x.endsWith("/" + y) || y.endsWith("/" + x);
    }

    private static boolean sameLastSegment(String a, String b) {
        return a.substring(a.lastIndexOf('/') + 1).equalsIgnoreCase(b.substring(b.lastIndexOf('/') + 1));
    }
}
