-- Governance schema. Portable between SQLite and PostgreSQL: TEXT ids (prefixed random), times as
-- epoch milliseconds (BIGINT), booleans as INTEGER 0/1, money as whole nano-dollars (BIGINT),
-- lists and maps as JSON text.

CREATE TABLE orgs (
    id         TEXT PRIMARY KEY,
    name       TEXT   NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE teams (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT    NOT NULL REFERENCES orgs (id),
    name               TEXT    NOT NULL,
    allowed_models     TEXT,             -- JSON array; NULL = every model
    denied_models      TEXT,             -- JSON array; NULL = none
    tags               TEXT,             -- JSON object
    log_requests       INTEGER NOT NULL DEFAULT 0,
    log_retention_days INTEGER,
    created_at         BIGINT  NOT NULL,
    UNIQUE (org_id, name)
);
CREATE INDEX teams_org ON teams (org_id);

CREATE TABLE users (
    id         TEXT PRIMARY KEY,
    org_id     TEXT   NOT NULL REFERENCES orgs (id),
    email      TEXT   NOT NULL,
    role       TEXT   NOT NULL,          -- org_admin | team_admin | member | auditor
    team_id    TEXT REFERENCES teams (id), -- the team a team_admin or member belongs to
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, email)
);
CREATE INDEX users_team ON users (team_id);

CREATE TABLE api_keys (
    id             TEXT PRIMARY KEY,
    key_hash       TEXT   NOT NULL UNIQUE, -- SHA-256 of the key, hex
    prefix         TEXT   NOT NULL,        -- the first characters, for display
    name           TEXT,
    org_id         TEXT   NOT NULL REFERENCES orgs (id),
    team_id        TEXT   NOT NULL REFERENCES teams (id),
    user_id        TEXT REFERENCES users (id),
    allowed_models TEXT,
    denied_models  TEXT,
    tags           TEXT,
    expires_at     BIGINT,
    revoked_at     BIGINT,
    created_at     BIGINT NOT NULL
);
CREATE INDEX api_keys_team ON api_keys (team_id);

CREATE TABLE budgets (
    id               TEXT PRIMARY KEY,
    scope            TEXT   NOT NULL,    -- org | team | key
    scope_id         TEXT   NOT NULL,
    period           TEXT   NOT NULL,    -- day | week | month
    limit_nanos      BIGINT NOT NULL,
    alert_thresholds TEXT,               -- JSON array of percentages, e.g. [50, 80, 100]
    created_at       BIGINT NOT NULL,
    UNIQUE (scope, scope_id, period)
);

CREATE TABLE rate_limits (
    scope               TEXT NOT NULL,   -- team | key
    scope_id            TEXT NOT NULL,
    requests_per_minute INTEGER,
    tokens_per_minute   BIGINT,
    PRIMARY KEY (scope, scope_id)
);

CREATE TABLE provider_credentials (
    team_id    TEXT   NOT NULL REFERENCES teams (id),
    provider   TEXT   NOT NULL,
    ciphertext TEXT   NOT NULL,          -- base64 of nonce || AES-GCM ciphertext
    key_hint   TEXT   NOT NULL,          -- the last characters of the key, for display
    created_at BIGINT NOT NULL,
    PRIMARY KEY (team_id, provider)
);

CREATE TABLE usage_ledger (
    request_id         TEXT PRIMARY KEY,
    time               BIGINT  NOT NULL,
    day                TEXT    NOT NULL, -- UTC date, YYYY-MM-DD
    org_id             TEXT,
    team_id            TEXT,
    key_id             TEXT,
    endpoint           TEXT    NOT NULL,
    requested_model    TEXT,
    served_model       TEXT,
    provider           TEXT,
    deployment         TEXT,
    attempts           INTEGER NOT NULL,
    attempt_detail     TEXT,             -- JSON array of the attempts
    input_tokens       BIGINT  NOT NULL,
    output_tokens      BIGINT  NOT NULL,
    cached_tokens      BIGINT  NOT NULL,
    cache_write_tokens BIGINT  NOT NULL,
    reasoning_tokens   BIGINT  NOT NULL,
    cost_nanos         BIGINT,           -- NULL when the price or the usage is unknown
    latency_micros     BIGINT  NOT NULL,
    status             INTEGER NOT NULL,
    outcome            TEXT    NOT NULL,
    stream             INTEGER NOT NULL,
    route_reason       TEXT,
    tag                TEXT
);
CREATE INDEX usage_ledger_day ON usage_ledger (day);
CREATE INDEX usage_ledger_org_day ON usage_ledger (org_id, day);
CREATE INDEX usage_ledger_team_day ON usage_ledger (team_id, day);
CREATE INDEX usage_ledger_key_day ON usage_ledger (key_id, day);

CREATE TABLE audit_log (
    seq       BIGINT PRIMARY KEY,
    time      BIGINT NOT NULL,
    org_id    TEXT,
    actor     TEXT   NOT NULL,
    action    TEXT   NOT NULL,
    target    TEXT,
    detail    TEXT,                      -- JSON object
    prev_hash TEXT   NOT NULL,
    hash      TEXT   NOT NULL
);
CREATE INDEX audit_log_org_time ON audit_log (org_id, time);

CREATE TABLE request_logs (
    request_id    TEXT PRIMARY KEY,
    time          BIGINT NOT NULL,
    org_id        TEXT,
    team_id       TEXT   NOT NULL,
    key_id        TEXT,
    model         TEXT,
    request_text  TEXT,
    response_text TEXT,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX request_logs_expiry ON request_logs (expires_at);
CREATE INDEX request_logs_team_time ON request_logs (team_id, time);
