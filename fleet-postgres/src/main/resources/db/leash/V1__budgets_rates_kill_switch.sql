-- Spending of budgets and rates: one row per admitted call (amount 1 for a counted budget or a
-- rate, the argument's exact value for an argument budget). A rule and key together name one
-- budget: safety.tools.<tool>.budget and a principal or run id; safety.tools.<tool>.rate and '*'.
CREATE TABLE leash_spending (
    id         BIGSERIAL PRIMARY KEY,
    rule       TEXT        NOT NULL,
    budget_key TEXT        NOT NULL,
    amount     NUMERIC     NOT NULL CHECK (amount >= 0),
    spent_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX leash_spending_by_budget ON leash_spending (rule, budget_key, spent_at);

-- The kill switch: a stop applies to every run of an agent, of a principal, or to one run, until
-- it is lifted. Lifted stops stay, for the record.
CREATE TABLE leash_stop (
    id         BIGSERIAL PRIMARY KEY,
    scope      TEXT        NOT NULL CHECK (scope IN ('agent', 'principal', 'run')),
    target     TEXT        NOT NULL,
    reason     TEXT        NOT NULL,
    stopped_by TEXT        NOT NULL,
    stopped_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    lifted_by  TEXT,
    lifted_at  TIMESTAMPTZ
);
CREATE INDEX leash_stop_active ON leash_stop (scope, target) WHERE lifted_at IS NULL;
