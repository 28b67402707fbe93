package dev.switchboard.governance.admin;

import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.admin.Access.Op;
import dev.switchboard.governance.admin.AdminPrincipal.OrgRole;
import dev.switchboard.governance.admin.AdminPrincipal.PlatformAdmin;
import dev.switchboard.governance.identity.Role;
import dev.switchboard.governance.identity.Team;
import dev.switchboard.governance.ledger.LedgerWriter;
import dev.switchboard.governance.ledger.UsageQuery;
import dev.switchboard.governance.ledger.UsageReport;
import dev.switchboard.governance.ledger.UsageTotal;
import dev.switchboard.governance.privacy.StoredRequests;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the gateway recorded, read-only: {@code /admin/v1/usage} totals the usage ledger (JSON or
 * CSV), {@code /admin/v1/teams/{team_id}/requests} pages through an opted-in team's stored
 * requests, and {@code /admin/v1/ledger} tells the platform admin whether the ledger keeps up.
 *
 * <p>Usage is narrowed to what the caller may see before the query runs: org admins and auditors
 * their organisation, team admins and members their team; only the platform admin may total
 * across organisations. Stored requests are a team's own prompts: its team admins, the org's
 * admins and auditors read them.
 *
 * <p>The ledger is written in batches, up to {@code flush_interval} after a request ends; a usage
 * query first has the records still queued written, so it includes every request that had ended
 * when it was asked (if the database takes no writes for {@code FLUSH_WAIT}, it reports what is
 * written). {@code /admin/v1/ledger} does not flush: its backlog is what it reports.
 */
final class UsageRoutes {
    private static final int DEFAULT_LIMIT = 50;
    // Stored requests can be large; a page stays a few megabytes at most.
    private static final int MAX_LIMIT = 200;
    // A healthy database takes a batch in milliseconds; one that stalls longer would fail the query too.
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(5);

    private final AdminContext admin;
    private final UsageReport report;
    private final StoredRequests stored;
    private final Optional<LedgerWriter> ledger;

    UsageRoutes(AdminContext admin, UsageReport report, StoredRequests stored, Optional<LedgerWriter> ledger) {
        this.admin = admin;
        this.report = report;
        this.stored = stored;
        this.ledger = ledger;
    }

    void mount(JavalinDefaultRoutingApi routes) {
        routes.get("/admin/v1/usage", this::usage);
        routes.get("/admin/v1/teams/{team_id}/requests", this::requests);
        routes.get("/admin/v1/ledger", this::ledger);
    }

    private void usage(Context ctx) {
        UsageQuery query = visible(AdminAuth.principal(ctx), UsageQuery.parse(ctx.queryParamMap()));
        ledger.ifPresent(l -> l.flush(FLUSH_WAIT));
        List<UsageTotal> totals = report.totals(query);
        String format = ctx.queryParam("format");
        if (format == null || format.equals("json")) {
            Views.respond(ctx, 200, Map.of("group_by", query.groupBy().parameter(), "totals", totals));
        } else if (format.equals("csv")) {
            ctx.status(200).contentType("text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"usage-by-" + query.groupBy().parameter() + ".csv\"");
            try (Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8)) {
                UsageReport.writeCsv(query.groupBy(), totals, out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else {
            throw new GatewayException.InvalidRequest("format must be json or csv; got '" + format + "'.", "format");
        }
    }

    /**
     * The query narrowed to the caller's reach. A team or key filter is checked like reading that
     * team or key (404 outside the caller's organisation, 403 beyond their role); without one, a
     * team-scoped role sees its own team.
     */
    private UsageQuery visible(AdminPrincipal principal, UsageQuery query) {
        if (query.teamId() != null) {
            admin.access.team(principal, admin.team(query.teamId()), Op.READ);
        }
        if (query.keyId() != null) {
            admin.access.key(principal, admin.key(query.keyId()), Op.READ);
        }
        return switch (principal) {
            case PlatformAdmin p -> query;
            case OrgRole p -> {
                if (query.orgId() != null) {
                    admin.access.org(p, query.orgId(), Op.READ);
                }
                boolean orgWide = p.role() == Role.ORG_ADMIN || p.role() == Role.AUDITOR;
                yield query.within(p.orgId(), orgWide ? null : p.teamId());
            }
        };
    }

    private void requests(Context ctx) {
        Team team = admin.team(ctx.pathParam("team_id"));
        admin.access.teamAdministration(AdminAuth.principal(ctx), team, Op.READ);
        int limit = limit(ctx);
        Instant before = before(ctx);
        List<StoredRequests.StoredRequest> page = stored.find(team.id(), before, limit);
        Map<String, Object> body = new HashMap<>();
        body.put("data", page.stream().map(Views.StoredRequestView::of).toList());
        if (page.size() == limit) {
            body.put("next_before", page.getLast().time().toString());
        }
        Views.respond(ctx, 200, body);
    }

    private void ledger(Context ctx) {
        admin.access.platform(AdminAuth.principal(ctx), "read the usage ledger's status");
        Views.respond(ctx, 200, ledger.<Map<String, Object>>map(l -> Map.of("enabled", true, "backlog", l.backlog(), "written", l.written()))
                .orElse(Map.of("enabled", false)));
    }

    private static int limit(Context ctx) {
        String value = ctx.queryParam("limit");
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Answered below, like a number out of range.
        }
        throw new GatewayException.InvalidRequest("limit must be a whole number from 1 to " + MAX_LIMIT + "; got '" + value + "'.", "limit");
    }

    private static Instant before(Context ctx) {
        String value = ctx.queryParam("before");
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new GatewayException.InvalidRequest("before must be a time like 2026-11-21T10:00:00Z; got '" + value + "'.", "before");
        }
    }
}
