using DeliveryBot.Storage.Sql;

namespace DeliveryBot.Storage.Postgres;

/// <summary>The PostgreSQL schema: the same tables and meaning as SQLite's, in PostgreSQL's types.</summary>
internal static class PostgresSchema
{
    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, "deliveries, indexes, append-only audit, outbox, conversation references, reachability", """
            CREATE TABLE deliveries (
                id TEXT PRIMARY KEY, version BIGINT NOT NULL, client TEXT NOT NULL, talent TEXT NOT NULL,
                status TEXT NOT NULL, stage INTEGER NOT NULL, closed BOOLEAN NOT NULL, next_due_at BIGINT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, doc JSONB NOT NULL);
            CREATE INDEX ix_deliveries_due ON deliveries (next_due_at) WHERE NOT closed AND next_due_at IS NOT NULL;
            CREATE INDEX ix_deliveries_list ON deliveries (closed, created_at DESC, id DESC);
            CREATE TABLE delivery_people (
                delivery_id TEXT NOT NULL REFERENCES deliveries (id), person_key TEXT NOT NULL, role TEXT NOT NULL,
                PRIMARY KEY (person_key, delivery_id, role));
            CREATE INDEX ix_people_delivery ON delivery_people (delivery_id);
            CREATE TABLE pending_actions (
                delivery_id TEXT NOT NULL REFERENCES deliveries (id), person_key TEXT NOT NULL, role TEXT NOT NULL,
                what TEXT NOT NULL, since BIGINT NOT NULL, check_key TEXT NULL);
            CREATE INDEX ix_pending_person ON pending_actions (person_key);
            CREATE INDEX ix_pending_delivery ON pending_actions (delivery_id);
            CREATE TABLE audit (
                seq BIGSERIAL PRIMARY KEY, delivery_id TEXT NOT NULL, version BIGINT NOT NULL, at BIGINT NOT NULL,
                actor JSONB NOT NULL, command_id TEXT NOT NULL, source TEXT NOT NULL, action TEXT NOT NULL, summary TEXT NOT NULL);
            CREATE INDEX ix_audit_delivery ON audit (delivery_id, seq);
            CREATE INDEX ix_audit_command ON audit (command_id);
            CREATE FUNCTION deliverybot_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'The audit trail is append-only.'; END $$;
            CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION deliverybot_audit_append_only();
            CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION deliverybot_audit_append_only();
            CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
            INSERT INTO counters (name, value) VALUES ('delivery', 0);
            CREATE TABLE outbox (
                id BIGSERIAL PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, delivery_id TEXT NULL,
                recipient_key TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, due_at BIGINT NOT NULL,
                attempts INTEGER NOT NULL, lease_until BIGINT NULL, sent_at BIGINT NULL, dead BOOLEAN NOT NULL, last_error TEXT NULL);
            CREATE INDEX ix_outbox_due ON outbox (due_at, id) WHERE sent_at IS NULL AND NOT dead;
            CREATE INDEX ix_outbox_delivery ON outbox (delivery_id);
            CREATE TABLE conversation_refs (key TEXT PRIMARY KEY, reference TEXT NOT NULL, updated_at BIGINT NOT NULL);
            CREATE TABLE reachability (person_key TEXT PRIMARY KEY, reachable BOOLEAN NOT NULL, reason TEXT NULL, updated_at BIGINT NOT NULL);
            """),
    ];
}
