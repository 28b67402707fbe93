package dev.switchboard.governance.admin;

import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.admin.Access.Op;
import dev.switchboard.governance.admin.AdminPrincipal.OrgRole;
import dev.switchboard.governance.admin.AdminPrincipal.PlatformAdmin;
import dev.switchboard.governance.audit.AuditQuery;
import dev.switchboard.governance.audit.AuditRecord;
import dev.switchboard.governance.audit.Verification;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log, read-only: {@code /admin/v1/audit} pages through entries (an organisation's
 * org admins and auditors see its entries; the platform admin sees all, unattributed sign-in
 * failures included) and {@code /admin/v1/audit/verify} checks the whole chain.
 */
final class AuditRoutes {
    private static final int DEFAULT_LIMIT = 100;
    // One page stays a few hundred kilobytes of JSON.
    private static final int MAX_LIMIT = 1000;

    private final AdminContext admin;

    AuditRoutes(AdminContext admin) {
        this.admin = admin;
    }

    void mount(JavalinDefaultRoutingApi routes) {
        routes.get("/admin/v1/audit", this::list);
        routes.get("/admin/v1/audit/verify", this::verify);
    }

    /** The organisation whose entries the caller may read; null for all (the platform admin). */
    private String readableOrg(Context ctx) {
        return switch (AdminAuth.principal(ctx)) {
            case PlatformAdmin p -> ctx.queryParam("org_id");
            case OrgRole p -> {
                admin.access.orgWide(p, p.orgId(), Op.READ);
                yield p.orgId();
            }
        };
    }

    private void list(Context ctx) {
        String orgId = readableOrg(ctx);
        int limit = (int) number(ctx, "limit", DEFAULT_LIMIT, MAX_LIMIT);
        String cursor = ctx.queryParam("cursor");
        AuditQuery query = new AuditQuery(orgId, time(ctx, "from"), time(ctx, "to"), ctx.queryParam("action"), ctx.queryParam("actor"),
                cursor == null ? null : number(ctx, "cursor", 0, Long.MAX_VALUE), limit);
        List<AuditRecord> records = admin.governance.audit().find(query);
        Long next = records.size() == limit ? records.getLast().seq() : null;
        Views.respond(ctx, 200, new Views.Page<>(records.stream().map(Views.AuditView::of).toList(), next));
    }

    private void verify(Context ctx) {
        readableOrg(ctx);
        Verification result = admin.governance.audit().verify();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", result.valid());
        body.put("records", result.records());
        if (!result.valid()) {
            body.put("first_bad_seq", result.firstBad());
            body.put("problem", result.problem());
        }
        Views.respond(ctx, 200, body);
    }

    private static long number(Context ctx, String param, long absent, long max) {
        String value = ctx.queryParam(param);
        if (value == null) {
            return absent;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= 0 && n <= max && !(n == 0 && param.equals("limit"))) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new GatewayException.InvalidRequest("'" + param + "' must be a whole number up to " + max + ".", param);
    }

    private static Instant time(Context ctx, String param) {
        String value = ctx.queryParam(param);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new GatewayException.InvalidRequest("'" + param + "' must be an ISO-8601 time such as 2026-01-31T00:00:00Z.", param);
        }
    }
}
