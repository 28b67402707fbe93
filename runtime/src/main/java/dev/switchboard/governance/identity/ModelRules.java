package dev.switchboard.governance.identity;

import java.util.List;

/**
 * Which models a key or team may call. A pattern is a model name or alias, where {@code *}
 * matches any run of characters ({@code openai/*}, {@code claude-*}). A model is permitted when no
 * denied pattern matches it and, if an allow list is set, an allowed one does.
 *
 * @param allowed the only models permitted; null or empty for every model
 * @param denied  models never permitted, even when allowed
 */
public record ModelRules(List<String> allowed, List<String> denied) {
    public static final ModelRules ANY = new ModelRules(null, null);

    public ModelRules {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
        denied = denied == null ? List.of() : List.copyOf(denied);
    }

    public boolean permits(String model) {
        if (denied.stream().anyMatch(p -> matches(p, model))) {
            return false;
        }
        return allowed.isEmpty() || allowed.stream().anyMatch(p -> matches(p, model));
    }

    static boolean matches(String pattern, String model) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.equals(model);
        }
        String[] pieces = pattern.split("\\*", -1);
        if (!model.startsWith(pieces[0])) {
            return false;
        }
        int at = pieces[0].length();
        for (int i = 1; i < pieces.length - 1; i++) {
            int found = model.indexOf(pieces[i], at);
            if (found < 0) {
                return false;
            }
            at = found + pieces[i].length();
        }
        String last = pieces[pieces.length - 1];
        return model.length() - at >= last.length() && model.endsWith(last);
    }
}
