namespace DeliveryBot.Storage.Sql;

/// <summary>
/// The column types and statements that differ between databases; the tables are defined once, in <see cref="Schema"/>.
/// </summary>
internal sealed record SchemaDialect(
    string Boolean,
    string False,
    string BigInt,
    string Json,
    string Serial,
    string AppendOnlyAudit)
{
    /// <summary>
    /// Lifts the audit table's refusal of updates, for a migration that renames what its rows point at (never their
    /// content).
    /// </summary>
    public required string AuditUnsealed { get; init; }

    /// <summary>Puts the refusal back.</summary>
    public required string AuditSealed { get; init; }
}

/// <summary>
/// The schema, as an ordered list of migrations, written once for every database. Never edit a released
/// migration: add the next one.
/// </summary>
internal static class Schema
{
    /// <summary>The schema version this build migrates to: the last migration's.</summary>
    public const int Latest = 13;

    public static IReadOnlyList<Migration> Migrations(SchemaDialect t) =>
    [
        new(1, "deliveries, indexes, append-only audit, outbox, conversation references, reachability", $"""
            CREATE TABLE deliveries (
                id TEXT PRIMARY KEY, version {t.BigInt} NOT NULL, client TEXT NOT NULL, talent TEXT NOT NULL,
                status TEXT NOT NULL, stage INTEGER NOT NULL, closed {t.Boolean} NOT NULL, next_due_at {t.BigInt} NULL,
                created_at {t.BigInt} NOT NULL, updated_at {t.BigInt} NOT NULL, doc {t.Json} NOT NULL);
            CREATE INDEX ix_deliveries_due ON deliveries (closed, next_due_at, id);
            CREATE INDEX ix_deliveries_list ON deliveries (closed, created_at DESC, id DESC);
            CREATE TABLE delivery_people (
                delivery_id TEXT NOT NULL REFERENCES deliveries (id), person_key TEXT NOT NULL, role TEXT NOT NULL,
                PRIMARY KEY (person_key, delivery_id, role));
            CREATE INDEX ix_people_delivery ON delivery_people (delivery_id);
            CREATE TABLE pending_actions (
                delivery_id TEXT NOT NULL REFERENCES deliveries (id), person_key TEXT NOT NULL, role TEXT NOT NULL,
                what TEXT NOT NULL, since {t.BigInt} NOT NULL, check_key TEXT NULL);
            CREATE INDEX ix_pending_person ON pending_actions (person_key);
            CREATE INDEX ix_pending_delivery ON pending_actions (delivery_id);
            CREATE TABLE audit (
                seq {t.Serial}, delivery_id TEXT NOT NULL, version {t.BigInt} NOT NULL, at {t.BigInt} NOT NULL,
                actor {t.Json} NOT NULL, command_id TEXT NOT NULL, source TEXT NOT NULL, action TEXT NOT NULL, summary TEXT NOT NULL);
            CREATE INDEX ix_audit_delivery ON audit (delivery_id, seq);
            CREATE INDEX ix_audit_command ON audit (command_id);
            {t.AppendOnlyAudit}
            CREATE TABLE counters (name TEXT PRIMARY KEY, value {t.BigInt} NOT NULL);
            INSERT INTO counters (name, value) VALUES ('delivery', 0);
            CREATE TABLE outbox (
                id {t.Serial}, idempotency_key TEXT NOT NULL UNIQUE, delivery_id TEXT NULL,
                recipient_key TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, due_at {t.BigInt} NOT NULL,
                attempts INTEGER NOT NULL, lease_until {t.BigInt} NULL, sent_at {t.BigInt} NULL, dead {t.Boolean} NOT NULL, last_error TEXT NULL);
            CREATE INDEX ix_outbox_due ON outbox (due_at, id) WHERE sent_at IS NULL AND dead = {t.False};
            CREATE INDEX ix_outbox_delivery ON outbox (delivery_id);
            CREATE TABLE conversation_refs (key TEXT PRIMARY KEY, reference TEXT NOT NULL, updated_at {t.BigInt} NOT NULL);
            CREATE TABLE reachability (person_key TEXT PRIMARY KEY, reachable {t.Boolean} NOT NULL, reason TEXT NULL, updated_at {t.BigInt} NOT NULL);
            """),
        new(2, "cards the bot posted, to update them in place on every change", $"""
            CREATE TABLE posted_cards (
                delivery_id TEXT NOT NULL, activity_id TEXT NOT NULL, conversation_id TEXT NOT NULL, service_url TEXT NOT NULL,
                tenant_id TEXT NULL, template TEXT NOT NULL, focus TEXT NOT NULL, posted_at {t.BigInt} NOT NULL,
                PRIMARY KEY (delivery_id, conversation_id, activity_id));
            """),
        new(3, "who holds an outbox lease, so a sender renews only its own claim " +
            "and a restarted one releases its old claims", """
            ALTER TABLE outbox ADD COLUMN lease_owner TEXT NULL;
            """),
        new(4, "what each posted card was last drawn as, and whether its part is over, " +
            "so a redraw sends only what changed", $"""
            ALTER TABLE posted_cards ADD COLUMN drawn_hash TEXT NULL;
            ALTER TABLE posted_cards ADD COLUMN final {t.Boolean} NOT NULL DEFAULT {t.False};
            """),
        new(5, "every delivery belongs to the organisation (tenant) that opened it, " +
            "numbered per organisation and keyed '{tenant}/{id}'", $"""
            ALTER TABLE deliveries ADD COLUMN tenant_id TEXT NOT NULL DEFAULT '';
            UPDATE deliveries SET tenant_id = COALESCE((SELECT LOWER(p.tenant_id) FROM posted_cards p
                WHERE p.delivery_id = deliveries.id AND p.tenant_id IS NOT NULL AND p.tenant_id <> '' ORDER BY p.posted_at LIMIT 1), '');
            CREATE TABLE delivery_rekey (old_key TEXT PRIMARY KEY, new_key TEXT NOT NULL);
            INSERT INTO delivery_rekey (old_key, new_key) SELECT id, tenant_id || '/' || id FROM deliveries WHERE tenant_id <> '';
            CREATE TABLE people_moved AS SELECT r.new_key AS delivery_id, p.person_key, p.role
                FROM delivery_people p JOIN delivery_rekey r ON r.old_key = p.delivery_id;
            CREATE TABLE pending_moved AS SELECT r.new_key AS delivery_id, p.person_key, p.role, p.what, p.since, p.check_key
                FROM pending_actions p JOIN delivery_rekey r ON r.old_key = p.delivery_id;
            DELETE FROM delivery_people WHERE delivery_id IN (SELECT old_key FROM delivery_rekey);
            DELETE FROM pending_actions WHERE delivery_id IN (SELECT old_key FROM delivery_rekey);
            UPDATE deliveries SET id = tenant_id || '/' || id WHERE tenant_id <> '';
            INSERT INTO delivery_people (delivery_id, person_key, role) SELECT delivery_id, person_key, role FROM people_moved;
            INSERT INTO pending_actions (delivery_id, person_key, role, what, since, check_key)
                SELECT delivery_id, person_key, role, what, since, check_key FROM pending_moved;
            DROP TABLE people_moved;
            DROP TABLE pending_moved;
            UPDATE outbox SET delivery_id = (SELECT new_key FROM delivery_rekey WHERE old_key = outbox.delivery_id)
                WHERE delivery_id IN (SELECT old_key FROM delivery_rekey);
            UPDATE posted_cards SET delivery_id = (SELECT new_key FROM delivery_rekey WHERE old_key = posted_cards.delivery_id)
                WHERE delivery_id IN (SELECT old_key FROM delivery_rekey);
            {t.AuditUnsealed}
            UPDATE audit SET delivery_id = (SELECT new_key FROM delivery_rekey WHERE old_key = audit.delivery_id)
                WHERE delivery_id IN (SELECT old_key FROM delivery_rekey);
            {t.AuditSealed}
            INSERT INTO counters (name, value) SELECT DISTINCT 'delivery:' || tenant_id, (SELECT value FROM counters WHERE name = 'delivery')
                FROM deliveries WHERE tenant_id <> '';
            DROP TABLE delivery_rekey;
            CREATE INDEX ix_deliveries_tenant ON deliveries (tenant_id, closed, created_at DESC, id DESC);
            """),
        new(6, "the intake form each delivery was opened from, once (the form's id names its organisation), so two "
            + "instances opening from one form at the same moment open one delivery", """
            CREATE TABLE opened_commands (command_id TEXT PRIMARY KEY, delivery_id TEXT NOT NULL);
            """),
        new(7, "the due scan reads closed deliveries too (a closed one's review follow-ups are nudged until done), "
            + "so its index starts with the due time", """
            DROP INDEX ix_deliveries_due;
            CREATE INDEX ix_deliveries_due ON deliveries (next_due_at, id) WHERE next_due_at IS NOT NULL;
            """),
        new(8, "what each organisation sets for all its deliveries (its change freezes), one document per "
            + "organisation, saved optimistically on its version", $"""
            CREATE TABLE tenant_settings (
                tenant_id TEXT PRIMARY KEY, version {t.BigInt} NOT NULL, updated_at {t.BigInt} NOT NULL,
                doc {t.Json} NOT NULL);
            """),
        new(9, "the metric facts of each delivery and their sums per organisation and month, kept as records are "
            + "saved, so the metrics read a few rows, not every record; each delivery's deployment window, indexed, "
            + "for the windows to come", $"""
            CREATE TABLE metric_facts (
                delivery_id TEXT NOT NULL, tenant_id TEXT NOT NULL, yyyymm INTEGER NOT NULL, metric TEXT NOT NULL,
                n {t.BigInt} NOT NULL, total {t.BigInt} NOT NULL, PRIMARY KEY (delivery_id, yyyymm, metric));
            CREATE INDEX ix_metric_facts_metric ON metric_facts (tenant_id, metric, yyyymm);
            CREATE TABLE metric_totals (
                tenant_id TEXT NOT NULL, yyyymm INTEGER NOT NULL, metric TEXT NOT NULL,
                n {t.BigInt} NOT NULL, total {t.BigInt} NOT NULL, PRIMARY KEY (tenant_id, yyyymm, metric));
            ALTER TABLE deliveries ADD COLUMN window_start INTEGER NULL;
            ALTER TABLE deliveries ADD COLUMN window_end INTEGER NULL;
            CREATE INDEX ix_deliveries_window ON deliveries (tenant_id, window_start, id)
                WHERE window_start IS NOT NULL;
            """) { Then = MetricFactRows.CountEveryRecordAsync },
        new(10, "the trace context (W3C traceparent) of the change that wrote an outbox row, so its dispatch, on any "
            + "instance, links back to the click or pass that caused it", """
            ALTER TABLE outbox ADD COLUMN trace_parent TEXT NULL;
            """),
        new(11, "the metric facts' index by organisation holds only the outage facts, the only ones read by "
            + "organisation: a gate answered no longer writes two entries to it", """
            DROP INDEX ix_metric_facts_metric;
            CREATE INDEX ix_metric_facts_outages ON metric_facts (tenant_id, metric, yyyymm)
                WHERE metric IN ('outage', 'outage-month-start', 'outage-month-seconds');
            """),
        new(12, "the outbox is not indexed by delivery: nothing the bot does reads it that way, and every message "
            + "written paid for the entry (the retention pass keeps the table to weeks, so a look-up by delivery "
            + "reads it)", """
            DROP INDEX ix_outbox_delivery;
            """),
        new(13, "who a card posted in someone's own 1:1 chat was drawn for, so its redraws are drawn for them too "
            + "(their question and buttons, not everyone's)", """
            ALTER TABLE posted_cards ADD COLUMN viewer TEXT NULL;
            """),
    ];
}
