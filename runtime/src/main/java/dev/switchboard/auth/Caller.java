package dev.switchboard.auth;

import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.identity.ModelRules;

/**
 * Who is calling the gateway's API, as established by the key check: everything the later stages
 * (model rules, rate limits, budgets, request logging, BYOK, the ledger) need, resolved once.
 *
 * @param keyId            the virtual key's id; null for a key from the config file or an open gateway
 * @param orgId            the key's organisation; null when {@code keyId} is
 * @param teamId           the key's team; null when {@code keyId} is
 * @param keyModels        the key's own model rules
 * @param teamModels       the team's model rules
 * @param logRequests      whether the team opted in to storing its (redacted) requests
 * @param logRetentionDays how long the team's stored requests are kept; null for the default
 */
public record Caller(String keyId, String orgId, String teamId, ModelRules keyModels, ModelRules teamModels,
                     boolean logRequests, Integer logRetentionDays) {

    /** A caller with a config-file key, or any caller of a gateway without keys: no governance applies. */
    public static final Caller UNGOVERNED = new Caller(null, null, null, ModelRules.ANY, ModelRules.ANY, false, null);

    public Caller {
        keyModels = keyModels == null ? ModelRules.ANY : keyModels;
        teamModels = teamModels == null ? ModelRules.ANY : teamModels;
    }

    /** True for a virtual key: budgets, limits and attribution apply. */
    public boolean governed() {
        return keyId != null;
    }

    /** Whether both the key and its team may call {@code model}. */
    public boolean mayCall(String model) {
        return keyModels.permits(model) && teamModels.permits(model);
    }

    /**
     * Refuses a model the key's or the team's rules do not permit.
     *
     * @param model a name the request would call: as sent, or after aliases
     * @throws GatewayException.Forbidden naming the model and whose rule refused it
     */
    public void requireMayCall(String model) {
        if (!keyModels.permits(model)) {
            throw new GatewayException.Forbidden("This API key is not allowed to call the model '" + model + "'.");
        }
        if (!teamModels.permits(model)) {
            throw new GatewayException.Forbidden("This API key's team is not allowed to call the model '" + model + "'.");
        }
    }
}
