using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.TestKit;

/// <summary>
/// D1 driven on a timetable the metrics tests work out by hand (times in UTC; London is on UTC until 29 March, then
/// an hour ahead). Intake 2 March, agreed delivery 10 April, the sample schedule's targets. Shared: the metrics card
/// shows the figures the domain tests work out from it.
/// </summary>
public static class WorkedDelivery
{
    public static void At(this Scenario s, int month, int day, int hour)
        => s.Later(new DateTimeOffset(2026, month, day, hour, 0, 0, TimeSpan.Zero) - s.Clock.GetUtcNow());

    /// <summary>
    /// Stage 1 from Mon 2 March 10:00: the DM answers at 11:00, the intake manager at 13:00. The schedule is published
    /// Tue 3 March 10:00; the PLA acknowledges at 12:00; the Deployment Specialist is nudged once (Wed 4 March 10:00,
    /// eight business hours on) and answers at 11:00. Production starts (first check-in) on 4 March and completes Tue
    /// 24 March 10:00 (target Fri 20 March). QA fails the first attempt at 15:00, an escalation is raised at 11:00 and
    /// resolved at 14:00; the second attempt goes in Wed 25 March 10:00 and passes at 12:00. Deployment starts Mon 30
    /// March 09:00, succeeds 15:00; the handover goes Thu 2 April 09:00.
    /// </summary>
    public static Scenario Run()
    {
        var s = Scenario.Opened();
        s.At(3, 2, 11);
        s.Ok(Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key));
        s.At(3, 2, 13);
        s.Ok(Ivy, new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key));
        s.At(3, 3, 10);
        s.Ok(Dana, new PlanDelivery(Scenario.SampleSchedule));
        s.Ok(Dana, new PublishSchedule());
        s.At(3, 3, 12);
        s.Ok(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));
        s.At(3, 4, 10);
        var nudge = Assert.Single(
            ReminderPolicy.Due(s.Delivery, s.Clock.GetUtcNow()),
            r => r.Kind == ReminderKind.GateNudge && r.Reference == Checks.ScheduleAcknowledgedByDeployment.Key);
        s.Ok(Person.System, new RecordReminderSent(nudge.Key, nudge.Recipient));
        s.At(3, 4, 11);
        s.Ok(Diego, new AcknowledgeGate(Checks.ScheduleAcknowledgedByDeployment.Key));
        s.Ok(Pablo, new RecordCheckIn(CheckInStatus.OnTrack, null));
        s.At(3, 24, 10);
        s.Ok(Pablo, new AcknowledgeGate(Checks.ProductionComplete.Key));
        s.At(3, 24, 11);
        s.Ok(Dana, new Escalate("QA capacity is short"));
        s.At(3, 24, 14);
        s.Ok(Clara, new ResolveEscalation("D1-E1", "A second QA engineer joined"));
        s.At(3, 24, 15);
        s.Ok(Quinn, new RecordQaVerdict(1, QaVerdict.Fail, "Misroutes credit notes"));
        s.At(3, 25, 10);
        s.Ok(Pablo, new ResubmitToQa("Credit-note rule fixed"));
        s.At(3, 25, 12);
        s.Ok(Quinn, new RecordQaVerdict(2, QaVerdict.Pass));
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        s.Go();
        s.At(3, 30, 9);
        s.Ok(Diego, new StartDeployment());
        s.Ok(Diego, new UpdateDeploymentChecklist([.. DeploymentChecklist.AllItems]));
        s.At(3, 30, 15);
        s.Ok(Diego, new AcknowledgeGate(Checks.DeploymentSucceeded.Key));
        s.At(4, 2, 9);
        s.Ok(Dana, new PrepareHandover(Scenario.SamplePackage));
        s.Ok(Dana, new RecordClientCommunication(CommunicationType.HandoverCommunication, "Handover package sent"));
        return s;
    }
}
