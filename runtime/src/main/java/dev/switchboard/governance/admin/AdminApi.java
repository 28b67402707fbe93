package dev.switchboard.governance.admin;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.governance.Governance;
import dev.switchboard.governance.ledger.LedgerWriter;
import dev.switchboard.governance.ledger.UsageReport;
import dev.switchboard.governance.privacy.StoredRequests;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The admin REST API under {@code /admin/v1}: organisations, teams, users, keys, budgets, rate
 * limits, team credentials and the audit log, as JSON with snake_case fields. Callers sign in
 * with a bearer token ({@link AdminAuth}); {@link Access} decides what each may do; every change
 * is recorded in the audit log and announced through {@link Governance#changed()}.
 *
 * <p>The admin API has its own sign-in and never passes the gateway API's key check: the keys of
 * the config file open {@code /v1}, not this.
 */
public final class AdminApi {
    private final AdminAuth auth;
    private final AdminContext admin;
    private final Set<String> providers;
    private final Optional<LedgerWriter> ledger;
    private final Clock clock;
    private final SkillRoutes skills;

    private AdminApi(AdminAuth auth, AdminContext admin, Set<String> providers, Optional<LedgerWriter> ledger, Clock clock,
                     SkillRoutes skills) {
        this.skills = skills;
        this.ledger = ledger;
        this.auth = auth;
        this.admin = admin;
        this.providers = providers;
        this.clock = clock;
    }

    /**
     * @param env       where the bootstrap admin key is read from ({@value Governance#ADMIN_KEY_ENV})
     * @param providers the names of the gateway's configured providers, the ones team credentials may be stored for
     * @param ledger    the usage ledger's writer, whose backlog the admin API reports
     * @param skills    the skill registry teams upload to, and the largest archive accepted
     * @throws dev.switchboard.config.ConfigException when {@code governance.oidc} is set but incomplete
     */
    public static AdminApi create(GatewayConfig.Governance config, Governance governance, Function<String, String> env,
                                  Set<String> providers, Optional<LedgerWriter> ledger, Clock clock,
                                  dev.switchboard.skills.registry.SkillRegistry skills, long maxSkillUploadBytes) {
        Optional<OidcSignIn> oidc = Optional.ofNullable(config.oidc()).map(OidcSignIn::create);
        AdminAuth auth = new AdminAuth(env.apply(Governance.ADMIN_KEY_ENV), governance.identities(), oidc, governance.audit(), clock);
        AdminContext admin = new AdminContext(governance);
        return new AdminApi(auth, admin, Set.copyOf(providers), ledger, clock, new SkillRoutes(admin, skills, maxSkillUploadBytes));
    }

    /** Adds the sign-in filter for {@code /admin/*} and every admin route. */
    public void mount(JavalinDefaultRoutingApi routes) {
        mount(routes, TeamCollections.NONE);
    }

    /** As {@link #mount(JavalinDefaultRoutingApi)}, with the teams' retrieval collections. */
    public void mount(JavalinDefaultRoutingApi routes, TeamCollections collections) {
        routes.before("/admin/*", auth::handle);
        new OrgRoutes(admin).mount(routes);
        new TeamRoutes(admin).mount(routes);
        new UserRoutes(admin).mount(routes);
        new KeyRoutes(admin, clock).mount(routes);
        new LimitRoutes(admin).mount(routes);
        new CredentialRoutes(admin, providers).mount(routes);
        new AuditRoutes(admin).mount(routes);
        skills.mount(routes);
        new CollectionRoutes(admin, collections).mount(routes);
        new UsageRoutes(admin, new UsageReport(admin.governance.jdbc()), new StoredRequests(admin.governance.jdbc()), ledger)
                .mount(routes);
    }
}
