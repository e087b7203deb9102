// Usage: DeliveryBot.Storage.CrashWriter <sqlite-file>
// Drives deliveries through their first gates, saving after every decision, and acknowledges each commit
// on stdout only after SaveAsync returned. The test kills it with SIGKILL and checks every ACK survived.
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Record;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

var clock = new ManualClock(Scenario.Start);
using var dialect = new SqliteDialect($"Data Source={args[0]}", Environment.CurrentDirectory);
var database = new Database(dialect);
await new Migrator(database, clock).MigrateAsync(CancellationToken.None);
var store = new SqlDeliveryStore(database);
var steps = new (DeliveryBot.Domain.People.Person Who, DeliveryCommand Command)[]
{
    (Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key)),
    (Ivy, new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key)),
    (Dana, new PlanDelivery(Scenario.SampleSchedule)),
    (Dana, new PublishSchedule()),
    (Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key)),
    (Diego, new AcknowledgeGate(Checks.ScheduleAcknowledgedByDeployment.Key)),
    (Pablo, new RecordCheckIn(CheckInStatus.OnTrack, null)),
    (Pablo, new AcknowledgeGate(Checks.ProductionComplete.Key)),
    (Quinn, new RecordQaVerdict(1, QaVerdict.Pass)),
};
var sequence = 0;
CommandMeta Meta(DeliveryBot.Domain.People.Person who)
    => CommandMeta.Now(clock, $"{Environment.ProcessId}-{++sequence}", who, "crash-writer");

Console.Out.WriteLine("READY");
while (true)
{
    var id = await store.NextDeliveryIdAsync("");
    var delivery = Delivery.Open(id, Scenario.SampleIntake(), Meta(Dana));
    await store.SaveAsync(delivery, 0, clock.GetUtcNow());
    Console.Out.WriteLine($"ACK {id} {delivery.Version}");
    foreach (var (who, command) in steps)
    {
        var before = delivery.Version;
        var outcome = delivery.Execute(command, Meta(who));
        if (!outcome.Changed) throw new InvalidOperationException(outcome.Message);
        await store.SaveAsync(delivery, before, clock.GetUtcNow());
        Console.Out.WriteLine($"ACK {id} {delivery.Version}");
    }
}
