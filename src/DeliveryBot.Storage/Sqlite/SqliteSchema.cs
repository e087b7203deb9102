using DeliveryBot.Storage.Sql;

namespace DeliveryBot.Storage.Sqlite;

/// <summary>The SQLite schema, as an ordered list of migrations. Never edit a released one: add the next.</summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, "deliveries, indexes, append-only audit, outbox, conversation references, reachability", """
            CREATE TABLE deliveries (
                id TEXT PRIMARY KEY, version INTEGER NOT NULL, client TEXT NOT NULL, talent TEXT NOT NULL,
                status TEXT NOT NULL, stage INTEGER NOT NULL, closed INTEGER NOT NULL, next_due_at INTEGER NULL,
                created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, doc TEXT NOT NULL);
            CREATE INDEX ix_deliveries_due ON deliveries (next_due_at) WHERE closed = 0 AND next_due_at IS NOT NULL;
            CREATE INDEX ix_deliveries_list ON deliveries (closed, created_at DESC, id DESC);
            CREATE TABLE delivery_people (
                delivery_id TEXT NOT NULL REFERENCES deliveries (id), person_key TEXT NOT NULL, role TEXT NOT NULL,
                PRIMARY KEY (person_key, delivery_id, role));
            CREATE INDEX ix_people_delivery ON delivery_people (delivery_id);
            CREATE TABLE pending_actions (
                delivery_id TEXT NOT NULL REFERENCES deliveries (id), person_key TEXT NOT NULL, role TEXT NOT NULL,
                what TEXT NOT NULL, since INTEGER NOT NULL, check_key TEXT NULL);
            CREATE INDEX ix_pending_person ON pending_actions (person_key);
            CREATE INDEX ix_pending_delivery ON pending_actions (delivery_id);
            CREATE TABLE audit (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, delivery_id TEXT NOT NULL, version INTEGER NOT NULL, at INTEGER NOT NULL,
                actor TEXT NOT NULL, command_id TEXT NOT NULL, source TEXT NOT NULL, action TEXT NOT NULL, summary TEXT NOT NULL);
            CREATE INDEX ix_audit_delivery ON audit (delivery_id, seq);
            CREATE INDEX ix_audit_command ON audit (command_id);
            CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only.'); END;
            CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only.'); END;
            CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
            INSERT INTO counters (name, value) VALUES ('delivery', 0);
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL UNIQUE, delivery_id TEXT NULL,
                recipient_key TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, due_at INTEGER NOT NULL,
                attempts INTEGER NOT NULL, lease_until INTEGER NULL, sent_at INTEGER NULL, dead INTEGER NOT NULL, last_error TEXT NULL);
            CREATE INDEX ix_outbox_due ON outbox (due_at, id) WHERE sent_at IS NULL AND dead = 0;
            CREATE INDEX ix_outbox_delivery ON outbox (delivery_id);
            CREATE TABLE conversation_refs (key TEXT PRIMARY KEY, reference TEXT NOT NULL, updated_at INTEGER NOT NULL);
            CREATE TABLE reachability (person_key TEXT PRIMARY KEY, reachable INTEGER NOT NULL, reason TEXT NULL, updated_at INTEGER NOT NULL);
            """),
    ];
}
