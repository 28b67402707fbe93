package dev.switchboard.governance.admin;

import static dev.switchboard.governance.admin.AdminContext.entry;

import dev.switchboard.governance.Scope;
import dev.switchboard.governance.admin.Access.Op;
import dev.switchboard.governance.budget.Budget;
import dev.switchboard.governance.identity.ApiKey;
import dev.switchboard.governance.identity.Team;
import dev.switchboard.governance.ratelimit.RateLimit;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Budgets ({@code /admin/v1/{orgs|teams|keys}/{id}/budgets/{period}}) and rate limits
 * ({@code /admin/v1/{teams|keys}/{id}/rate-limits}). Who may set them depends on what they are
 * set on: an organisation's and a team's by org admins, a key's also by its team's admin.
 */
final class LimitRoutes {
    private static final Set<String> BUDGET_FIELDS = Set.of("limit_usd", "alert_thresholds");
    private static final Set<String> LIMIT_FIELDS = Set.of("requests_per_minute", "tokens_per_minute");

    /** What a budget or limit is set on, once found and access-checked. */
    private record Owner(Scope scope, String id, String orgId) {
    }

    private final AdminContext admin;

    LimitRoutes(AdminContext admin) {
        this.admin = admin;
    }

    void mount(JavalinDefaultRoutingApi routes) {
        for (Scope scope : Scope.values()) {
            String base = "/admin/v1/" + scope.wireName() + "s/{id}";
            routes.get(base + "/budgets", ctx -> listBudgets(ctx, scope));
            routes.put(base + "/budgets/{period}", ctx -> putBudget(ctx, scope));
            routes.delete(base + "/budgets/{period}", ctx -> deleteBudget(ctx, scope));
            if (scope != Scope.ORG) {
                routes.get(base + "/rate-limits", ctx -> getLimit(ctx, scope));
                routes.put(base + "/rate-limits", ctx -> putLimit(ctx, scope));
                routes.delete(base + "/rate-limits", ctx -> deleteLimit(ctx, scope));
            }
        }
    }

    private Owner owner(Context ctx, Scope scope, Op op) {
        AdminPrincipal principal = AdminAuth.principal(ctx);
        String id = ctx.pathParam("id");
        return switch (scope) {
            case ORG -> {
                admin.access.orgWide(principal, admin.org(id).id(), op);
                yield new Owner(scope, id, id);
            }
            case TEAM -> {
                Team team = admin.team(id);
                admin.access.team(principal, team, op);
                yield new Owner(scope, id, team.orgId());
            }
            case KEY -> {
                ApiKey key = admin.key(id);
                admin.access.key(principal, key, op);
                yield new Owner(scope, id, key.orgId());
            }
        };
    }

    private static Budget.Period period(Context ctx) {
        String name = ctx.pathParam("period");
        return Budget.Period.fromWire(name).orElseThrow(() -> Body.invalid("period", "the period must be day, week or month; got '" + name + "'"));
    }

    private void listBudgets(Context ctx, Scope scope) {
        Owner owner = owner(ctx, scope, Op.READ);
        Views.respond(ctx, 200, Views.Page.of(admin.governance.budgets().of(scope, owner.id()).stream().map(Views.BudgetView::of).toList()));
    }

    private void putBudget(Context ctx, Scope scope) {
        Owner owner = owner(ctx, scope, Op.WRITE);
        Budget.Period period = period(ctx);
        Body body = Body.parse(ctx, BUDGET_FIELDS);
        long limit = body.nanoDollars("limit_usd");
        List<Integer> thresholds = body.percentages("alert_thresholds");
        Budget budget = admin.change(() -> admin.governance.budgets().put(scope, owner.id(), period, limit, thresholds),
                saved -> entry(AdminAuth.principal(ctx), "budget.put", owner.orgId(), owner.id(),
                        Map.of("scope", scope.wireName(), "period", period.wireName(), "limit_usd", Views.BudgetView.of(saved).limitUsd())));
        Views.respond(ctx, 200, Views.BudgetView.of(budget));
    }

    private void deleteBudget(Context ctx, Scope scope) {
        Owner owner = owner(ctx, scope, Op.WRITE);
        Budget.Period period = period(ctx);
        Budget budget = admin.governance.budgets().of(scope, owner.id()).stream().filter(b -> b.period() == period)
                .findFirst().orElseThrow(Access::notFound);
        admin.change(() -> admin.governance.budgets().delete(budget.id()), deleted -> entry(AdminAuth.principal(ctx), "budget.delete",
                owner.orgId(), owner.id(), Map.of("scope", scope.wireName(), "period", period.wireName())));
        ctx.status(204);
    }

    /** A scope without limits answers with null limits: no limit. */
    private void getLimit(Context ctx, Scope scope) {
        Owner owner = owner(ctx, scope, Op.READ);
        RateLimit limit = admin.governance.rateLimits().of(scope, owner.id()).orElse(new RateLimit(scope, owner.id(), null, null));
        Views.respond(ctx, 200, Views.RateLimitView.of(limit));
    }

    private void putLimit(Context ctx, Scope scope) {
        Owner owner = owner(ctx, scope, Op.WRITE);
        Body body = Body.parse(ctx, LIMIT_FIELDS);
        Long requests = body.positive("requests_per_minute", Integer.MAX_VALUE);
        Long tokens = body.positive("tokens_per_minute", RateLimit.MAX_PER_MINUTE);
        if (requests == null && tokens == null) {
            throw Body.invalid("requests_per_minute", "set 'requests_per_minute', 'tokens_per_minute' or both (DELETE removes the limits)");
        }
        RateLimit limit = new RateLimit(scope, owner.id(), requests == null ? null : requests.intValue(), tokens);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("scope", scope.wireName());
        detail.put("requests_per_minute", limit.requestsPerMinute());
        detail.put("tokens_per_minute", limit.tokensPerMinute());
        admin.change(() -> admin.governance.rateLimits().put(limit),
                saved -> entry(AdminAuth.principal(ctx), "rate_limit.put", owner.orgId(), owner.id(), detail));
        Views.respond(ctx, 200, Views.RateLimitView.of(limit));
    }

    private void deleteLimit(Context ctx, Scope scope) {
        Owner owner = owner(ctx, scope, Op.WRITE);
        admin.change(() -> {
            if (!admin.governance.rateLimits().delete(scope, owner.id())) {
                throw Access.notFound();
            }
            return null;
        }, deleted -> entry(AdminAuth.principal(ctx), "rate_limit.delete", owner.orgId(), owner.id(), Map.of("scope", scope.wireName())));
        ctx.status(204);
    }
}
