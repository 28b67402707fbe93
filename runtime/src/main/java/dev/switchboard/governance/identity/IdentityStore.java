package dev.switchboard.governance.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.governance.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Organisations, teams, users and virtual keys in the governance database. Reads return records;
 * writes take the whole new state of a row. Authorisation is the admin API's job, not this
 * store's.
 */
public final class IdentityStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {
    };

    private final Jdbc jdbc;
    private final Clock clock;

    public IdentityStore(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    // --- organisations

    public Org createOrg(String name) {
        Org org = new Org(KeySecrets.newId("org"), name, now());
        jdbc.update("INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)", org.id(), org.name(), millis(org.createdAt()));
        return org;
    }

    public Optional<Org> org(String id) {
        return jdbc.queryOne("SELECT * FROM orgs WHERE id = ?", IdentityStore::org, id);
    }

    public List<Org> orgs() {
        return jdbc.query("SELECT * FROM orgs ORDER BY created_at, id", IdentityStore::org);
    }

    public boolean renameOrg(String id, String name) {
        return jdbc.update("UPDATE orgs SET name = ? WHERE id = ?", name, id) == 1;
    }

    // --- teams

    public Team createTeam(String orgId, String name, ModelRules models, Map<String, String> tags,
                           boolean logRequests, Integer logRetentionDays) {
        Team team = new Team(KeySecrets.newId("team"), orgId, name, models, tags, logRequests, logRetentionDays, now());
        jdbc.update("INSERT INTO teams (id, org_id, name, allowed_models, denied_models, tags, log_requests, log_retention_days, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                team.id(), orgId, name, list(team.models().allowed()), list(team.models().denied()), map(team.tags()),
                logRequests, logRetentionDays, millis(team.createdAt()));
        return team;
    }

    /** Replaces a team's settings (all but its id, organisation and creation time); false when it does not exist. */
    public boolean updateTeam(Team team) {
        return jdbc.update("UPDATE teams SET name = ?, allowed_models = ?, denied_models = ?, tags = ?, log_requests = ?,"
                        + " log_retention_days = ? WHERE id = ?",
                team.name(), list(team.models().allowed()), list(team.models().denied()), map(team.tags()),
                team.logRequests(), team.logRetentionDays(), team.id()) == 1;
    }

    public Optional<Team> team(String id) {
        return jdbc.queryOne("SELECT * FROM teams WHERE id = ?", IdentityStore::team, id);
    }

    public List<Team> teams(String orgId) {
        return jdbc.query("SELECT * FROM teams WHERE org_id = ? ORDER BY created_at, id", IdentityStore::team, orgId);
    }

    // --- users

    public User createUser(String orgId, String email, Role role, String teamId) {
        User user = new User(KeySecrets.newId("user"), orgId, email, role, teamId, now());
        jdbc.update("INSERT INTO users (id, org_id, email, role, team_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                user.id(), orgId, email, role.wireName(), teamId, millis(user.createdAt()));
        return user;
    }

    public boolean updateUser(User user) {
        return jdbc.update("UPDATE users SET email = ?, role = ?, team_id = ? WHERE id = ?",
                user.email(), user.role().wireName(), user.teamId(), user.id()) == 1;
    }

    public boolean deleteUser(String id) {
        return jdbc.inTransaction(c -> {
            // The user's keys stay (they may serve a service) but no longer act for anyone on the admin API.
            Jdbc.update(c, "UPDATE api_keys SET user_id = NULL WHERE user_id = ?", id);
            return Jdbc.update(c, "DELETE FROM users WHERE id = ?", id) == 1;
        });
    }

    public Optional<User> user(String id) {
        return jdbc.queryOne("SELECT * FROM users WHERE id = ?", IdentityStore::user, id);
    }

    public Optional<User> userByEmail(String orgId, String email) {
        return jdbc.queryOne("SELECT * FROM users WHERE org_id = ? AND email = ?", IdentityStore::user, orgId, email);
    }

    public List<User> users(String orgId) {
        return jdbc.query("SELECT * FROM users WHERE org_id = ? ORDER BY created_at, id", IdentityStore::user, orgId);
    }

    // --- keys

    /** A key just created: the record, and the key itself, which is never available again. */
    public record CreatedKey(ApiKey key, String secret) {
    }

    public CreatedKey createKey(String orgId, String teamId, String userId, String name, ModelRules models,
                                Map<String, String> tags, Instant expiresAt) {
        String secret = KeySecrets.newKey();
        ApiKey key = new ApiKey(KeySecrets.newId("key"), KeySecrets.displayPrefix(secret), name, orgId, teamId, userId,
                models, tags, expiresAt, null, now());
        jdbc.update("INSERT INTO api_keys (id, key_hash, prefix, name, org_id, team_id, user_id, allowed_models, denied_models,"
                        + " tags, expires_at, revoked_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
                key.id(), KeySecrets.hash(secret), key.prefix(), name, orgId, teamId, userId,
                list(key.models().allowed()), list(key.models().denied()), map(key.tags()),
                expiresAt == null ? null : millis(expiresAt), millis(key.createdAt()));
        return new CreatedKey(key, secret);
    }

    /** Replaces a key's name, model rules, tags and expiry. */
    public boolean updateKey(ApiKey key) {
        return jdbc.update("UPDATE api_keys SET name = ?, allowed_models = ?, denied_models = ?, tags = ?, expires_at = ? WHERE id = ?",
                key.name(), list(key.models().allowed()), list(key.models().denied()), map(key.tags()),
                key.expiresAt() == null ? null : millis(key.expiresAt()), key.id()) == 1;
    }

    /** Revokes a key from now on; false when it does not exist or was already revoked. */
    public boolean revokeKey(String id) {
        return jdbc.update("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", millis(now()), id) == 1;
    }

    public Optional<ApiKey> key(String id) {
        return jdbc.queryOne("SELECT * FROM api_keys WHERE id = ?", IdentityStore::key, id);
    }

    /** The key whose SHA-256 is {@code hash}, live or not. */
    public Optional<ApiKey> keyByHash(String hash) {
        return jdbc.queryOne("SELECT * FROM api_keys WHERE key_hash = ?", IdentityStore::key, hash);
    }

    public List<ApiKey> keysOfTeam(String teamId) {
        return jdbc.query("SELECT * FROM api_keys WHERE team_id = ? ORDER BY created_at, id", IdentityStore::key, teamId);
    }

    public List<ApiKey> keysOfOrg(String orgId) {
        return jdbc.query("SELECT * FROM api_keys WHERE org_id = ? ORDER BY created_at, id", IdentityStore::key, orgId);
    }

    // --- rows

    private static Org org(ResultSet row) throws SQLException {
        return new Org(row.getString("id"), row.getString("name"), instant(row.getLong("created_at")));
    }

    private static Team team(ResultSet row) throws SQLException {
        return new Team(row.getString("id"), row.getString("org_id"), row.getString("name"),
                new ModelRules(strings(row.getString("allowed_models")), strings(row.getString("denied_models"))),
                tags(row.getString("tags")), row.getInt("log_requests") != 0, Jdbc.nullableInt(row, "log_retention_days"),
                instant(row.getLong("created_at")));
    }

    private static User user(ResultSet row) throws SQLException {
        return new User(row.getString("id"), row.getString("org_id"), row.getString("email"),
                Role.fromWire(row.getString("role")).orElseThrow(), row.getString("team_id"), instant(row.getLong("created_at")));
    }

    private static ApiKey key(ResultSet row) throws SQLException {
        Long expires = Jdbc.nullableLong(row, "expires_at");
        Long revoked = Jdbc.nullableLong(row, "revoked_at");
        return new ApiKey(row.getString("id"), row.getString("prefix"), row.getString("name"), row.getString("org_id"),
                row.getString("team_id"), row.getString("user_id"),
                new ModelRules(strings(row.getString("allowed_models")), strings(row.getString("denied_models"))),
                tags(row.getString("tags")), expires == null ? null : instant(expires), revoked == null ? null : instant(revoked),
                instant(row.getLong("created_at")));
    }

    private Instant now() {
        // Millisecond precision: what the database keeps, so a record read back equals the one written.
        return Instant.ofEpochMilli(clock.millis());
    }

    private static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    private static Instant instant(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    private static String list(List<String> values) {
        return values.isEmpty() ? null : write(values);
    }

    private static String map(Map<String, String> values) {
        return values.isEmpty() ? null : write(values);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("lists and maps of strings always serialise", e);
        }
    }

    private static List<String> strings(String json) {
        return json == null ? null : read(json, STRINGS);
    }

    private static Map<String, String> tags(String json) {
        return json == null ? Map.of() : read(json, TAGS);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column: " + e.getOriginalMessage(), e);
        }
    }
}
