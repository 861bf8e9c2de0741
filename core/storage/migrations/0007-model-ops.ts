import type { Migration } from '../migration.js';

/**
 * Model operations (issue 7): the registry of models and their versions (manifest, validation, deployment,
 * breaker), every prediction served with its inputs, latency and breaker state, the outcome of each event once
 * its horizon has passed, metrics snapshots over time, A/B tests, and an audit trail of every deploy, promote,
 * rollback, disable and breaker change.
 *
 * Orders link to the prediction that caused them without a hook: a proposal's `prediction_id` (and so its
 * order's) is `prediction:<model id>:<symbol>:<interval>:<bar time>`, and the serving router logs every
 * acting prediction under exactly that key, so `orders.prediction_id = predictions.prediction_key` joins them.
 * Outcomes are per event (symbol, interval, bar time, label spec), shared by every version that scored it.
 */
export const migration0007ModelOps: Migration = {
  version: 7,
  name: 'model-ops',
  up(db) {
    db.exec(`
      CREATE TABLE models (
        model           TEXT PRIMARY KEY CHECK (length(model) > 0),
        created_at      INTEGER NOT NULL,
        disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        disabled_reason TEXT,
        CHECK (disabled = 0 OR disabled_reason IS NOT NULL)
      );
      CREATE TABLE model_versions (
        model           TEXT NOT NULL REFERENCES models (model),
        version         TEXT NOT NULL CHECK (length(version) > 0),
        dir             TEXT NOT NULL,
        manifest        TEXT CHECK (manifest IS NULL OR json_valid(manifest)),
        metrics         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metrics)),
        validation      TEXT CHECK (validation IS NULL OR json_valid(validation)),
        status          TEXT NOT NULL CHECK (status IN ('registered', 'refused', 'champion', 'challenger', 'shadow', 'retired')),
        refused_reason  TEXT,
        traffic_share   REAL NOT NULL DEFAULT 0 CHECK (traffic_share >= 0 AND traffic_share <= 1),
        registered_at   INTEGER NOT NULL,
        deployed_at     INTEGER,
        -- The champion this one replaced: what a rollback restores.
        replaced        TEXT,
        disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        breaker_state   TEXT NOT NULL DEFAULT 'closed' CHECK (breaker_state IN ('closed', 'open')),
        breaker_trip    TEXT CHECK (breaker_trip IS NULL OR breaker_trip IN ('nan', 'out-of-range', 'invalid-input', 'latency', 'drift', 'losing-run')),
        breaker_reason  TEXT,
        breaker_at      INTEGER,
        PRIMARY KEY (model, version),
        CHECK (status <> 'refused' OR refused_reason IS NOT NULL),
        CHECK (status = 'refused' OR manifest IS NOT NULL),
        CHECK (breaker_state = 'closed' OR (breaker_trip IS NOT NULL AND breaker_reason IS NOT NULL))
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX model_versions_one_champion ON model_versions (model) WHERE status = 'champion';
      CREATE TABLE model_events (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        at       INTEGER NOT NULL,
        model    TEXT,
        version  TEXT,
        kind     TEXT NOT NULL CHECK (length(kind) > 0),
        actor    TEXT NOT NULL CHECK (actor IN ('trader', 'system')),
        reason   TEXT NOT NULL CHECK (length(reason) > 0),
        detail   TEXT CHECK (detail IS NULL OR json_valid(detail))
      );
      CREATE INDEX model_events_at ON model_events (at);
      CREATE TABLE predictions (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        prediction_key  TEXT UNIQUE,
        at              INTEGER NOT NULL,
        model           TEXT NOT NULL,
        -- NULL when the rule-based fallback answered.
        version         TEXT,
        role            TEXT NOT NULL CHECK (role IN ('champion', 'challenger', 'shadow', 'fallback')),
        acted           INTEGER NOT NULL CHECK (acted IN (0, 1)),
        fallback_reason TEXT,
        symbol          TEXT,
        interval        TEXT,
        bar_time        INTEGER,
        direction       TEXT NOT NULL CHECK (direction IN ('up', 'down')),
        close           REAL NOT NULL,
        atr             REAL NOT NULL,
        feature_digest  TEXT NOT NULL,
        inputs          TEXT NOT NULL CHECK (json_valid(inputs)),
        probability     REAL,
        output          TEXT NOT NULL CHECK (json_valid(output)),
        latency_ms      REAL NOT NULL CHECK (latency_ms >= 0),
        breaker_state   TEXT NOT NULL CHECK (breaker_state IN ('closed', 'open', 'none')),
        CHECK (role = 'fallback' OR version IS NOT NULL),
        CHECK (role <> 'shadow' OR acted = 0),
        FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
      );
      CREATE INDEX predictions_version ON predictions (model, version, id);
      CREATE INDEX predictions_event ON predictions (symbol, interval, bar_time);
      CREATE TABLE outcomes (
        symbol          TEXT NOT NULL,
        interval        TEXT NOT NULL,
        bar_time        INTEGER NOT NULL,
        label_spec_hash TEXT NOT NULL,
        direction       TEXT NOT NULL CHECK (direction IN ('up', 'down')),
        label           INTEGER NOT NULL CHECK (label = (exit_reason = 'target')),
        exit_reason     TEXT NOT NULL CHECK (exit_reason IN ('target', 'stop', 'timeout')),
        exit_price      REAL NOT NULL,
        exit_time       INTEGER NOT NULL CHECK (exit_time > bar_time),
        bars_to_exit    INTEGER NOT NULL CHECK (bars_to_exit >= 1),
        move_atr        REAL NOT NULL,
        resolved_at     INTEGER NOT NULL,
        PRIMARY KEY (symbol, interval, bar_time, label_spec_hash)
      ) WITHOUT ROWID;
      CREATE TABLE model_metrics (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        at          INTEGER NOT NULL,
        model       TEXT NOT NULL,
        version     TEXT,
        predictions INTEGER NOT NULL CHECK (predictions >= 0),
        resolved    INTEGER NOT NULL CHECK (resolved >= 0 AND resolved <= predictions),
        signals     INTEGER NOT NULL CHECK (signals >= 0),
        precision   REAL CHECK (precision IS NULL OR (precision >= 0 AND precision <= 1)),
        brier       REAL CHECK (brier IS NULL OR (brier >= 0 AND brier <= 1)),
        ece         REAL,
        uptime      REAL CHECK (uptime IS NULL OR (uptime >= 0 AND uptime <= 1)),
        reliability TEXT CHECK (reliability IS NULL OR json_valid(reliability)),
        drift       TEXT CHECK (drift IS NULL OR json_valid(drift))
      );
      CREATE INDEX model_metrics_version ON model_metrics (model, version, at);
      CREATE TABLE ab_tests (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        model       TEXT NOT NULL REFERENCES models (model),
        champion    TEXT NOT NULL,
        challenger  TEXT NOT NULL,
        share       REAL NOT NULL CHECK (share > 0 AND share < 1),
        started_at  INTEGER NOT NULL,
        ended_at    INTEGER,
        status      TEXT NOT NULL CHECK (status IN ('running', 'promoted', 'rolled-back', 'ended')),
        result      TEXT CHECK (result IS NULL OR json_valid(result)),
        CHECK ((status = 'running') = (ended_at IS NULL))
      );
      CREATE UNIQUE INDEX ab_tests_one_running ON ab_tests (model) WHERE status = 'running';
    `);
  },
};
