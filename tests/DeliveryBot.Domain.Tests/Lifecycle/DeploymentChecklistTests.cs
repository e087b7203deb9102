using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>
/// The deployment checklist: several items ticked (and unticked) in one command, each marked with who and when and
/// audited; "deployment succeeded" refused while items are open, naming them, unless the DM overrides with a reason;
/// the record shows all of it.
/// </summary>
public sealed class DeploymentChecklistTests
{
    private static Scenario Started()
    {
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        s.Go();
        s.Ok(Diego, new StartDeployment());
        return s;
    }

    /// <summary>Every item but the last <paramref name="open"/>, in the seed's order.</summary>
    private static string[] AllBut(int open) => [.. DeploymentChecklist.AllItems.SkipLast(open)];

    [Fact]
    public void Several_items_are_ticked_at_once_each_marked_with_who_and_when_in_one_audit_entry()
    {
        var s = Started();
        var audited = s.Delivery.State.Audit.Count;

        var outcome = s.Ok(
            Diego, new UpdateDeploymentChecklist(["All tests passing", "runbook reviewed ", "Smoke tests passing"]));

        Assert.Equal(
            "Deployment checklist, by Diego: ticked 'All tests passing', 'Runbook reviewed', 'Smoke tests passing'. " +
            "3 of 22 done.",
            outcome.Message);
        var state = s.Delivery.State;
        Assert.Equal(["All tests passing", "Runbook reviewed", "Smoke tests passing"], state.DeploymentChecklistDone);
        Assert.All(state.DeploymentChecklistMarks, m => Assert.Equal((true, "Diego", s.Clock.GetUtcNow()),
            (m.Ticked, m.By.DisplayName, m.At)));
        Assert.Equal(3, state.DeploymentChecklistMarks.Count);
        var entry = Assert.Single(state.Audit.Skip(audited));
        Assert.Equal(("update-deployment-checklist", "Diego", outcome.Message),
            (entry.Action, entry.Actor.DisplayName, entry.Summary));
        Assert.Equal(19, s.Delivery.OpenChecklistItems.Count);
    }

    [Fact]
    public void An_item_is_unticked_with_the_same_trace_and_can_be_ticked_again()
    {
        var s = Started();
        s.Ok(Diego, new UpdateDeploymentChecklist(["Runbook reviewed", "Communication sent"]));
        s.Later(TimeSpan.FromHours(1));

        var outcome = s.Ok(
            Dana, new UpdateDeploymentChecklist(["Security scan complete"], Untick: ["Runbook reviewed"]));

        Assert.Equal(
            "Deployment checklist, by Dana: ticked 'Security scan complete'; unticked 'Runbook reviewed'. " +
            "2 of 22 done.",
            outcome.Message);
        Assert.False(s.Delivery.IsTicked("Runbook reviewed"));
        var untick = s.Delivery.LastMark("Runbook reviewed")!;
        Assert.Equal((false, "Dana", s.Clock.GetUtcNow()), (untick.Ticked, untick.By.DisplayName, untick.At));
        Assert.Equal("update-deployment-checklist", s.Delivery.State.Audit[^1].Action);
        Assert.Equal("Dana", s.Delivery.State.Audit[^1].Actor.DisplayName);

        s.Ok(Diego, new UpdateDeploymentChecklist(["Runbook reviewed"]));
        Assert.Equal(
            [true, false, true],
            s.Delivery.State.DeploymentChecklistMarks.Where(m => m.Item == "Runbook reviewed").Select(m => m.Ticked));
    }

    [Fact]
    public void A_bad_checklist_update_or_a_repeat_is_answered_and_changes_nothing()
    {
        var s = Started();
        s.Ok(Diego, new UpdateDeploymentChecklist(["Runbook reviewed"]));
        var before = s.Delivery.State;

        var unknown = s.Do(Diego, new UpdateDeploymentChecklist(["Runbook reviewed", "Pray", "Sacrifice a goat"]));
        var both = s.Do(Diego, new UpdateDeploymentChecklist(["Communication sent"], Untick: ["communication sent"]));
        var none = s.Do(Diego, new UpdateDeploymentChecklist([], Untick: []));
        var repeat = s.Do(Diego, new UpdateDeploymentChecklist(["Runbook reviewed"], Untick: ["Communication sent"]));
        var stranger = s.Do(Quinn, new UpdateDeploymentChecklist(["Communication sent"]));

        Assert.Equal(
            (OutcomeKind.Refused, "'Pray', 'Sacrifice a goat' are not on the deployment checklist."),
            (unknown.Kind, unknown.Message));
        Assert.Equal((OutcomeKind.Refused, "'Communication sent' cannot be ticked and unticked at once."),
            (both.Kind, both.Message));
        Assert.Equal(OutcomeKind.Refused, none.Kind);
        Assert.Equal(
            (OutcomeKind.AlreadyDecided,
                "The deployment checklist already stands as asked (1 of 22 done); nothing changed."),
            (repeat.Kind, repeat.Message));
        Assert.Equal(OutcomeKind.Forbidden, stranger.Kind);
        Assert.Same(before, s.Delivery.State);
    }

    [Fact]
    public void Deployment_succeeded_is_refused_while_items_are_open_and_the_refusal_names_them()
    {
        var s = Started();
        s.Ok(Diego, new UpdateDeploymentChecklist(AllBut(3)));
        var before = s.Delivery.State;

        var refused = s.Do(Diego, new AcknowledgeGate(Checks.DeploymentSucceeded.Key));

        Assert.Equal(OutcomeKind.Refused, refused.Kind);
        var open = Assert.Single(refused.Missing);
        Assert.Equal(
            "The deployment checklist has 3 of 22 items open: Documentation updated, Stakeholders notified, " +
            "Change request closed. Tick them, or the DM overrides the checklist with a reason.",
            open);
        Assert.Contains("Stakeholders notified", refused.Message);
        Assert.Same(before, s.Delivery.State);

        s.Ok(Diego, new UpdateDeploymentChecklist(DeploymentChecklist.PostDeployment));
        s.Ok(Diego, new AcknowledgeGate(Checks.DeploymentSucceeded.Key));
        Assert.Equal(Stage.ClientHandover, s.Delivery.CurrentStage);
    }

    [Fact]
    public void The_dm_overrides_the_checklist_with_a_reason_and_then_deployment_can_succeed()
    {
        var s = Started();
        s.Ok(Diego, new UpdateDeploymentChecklist(AllBut(2)));
        Assert.Equal(OutcomeKind.Forbidden, s.Do(Diego, new OverrideDeploymentChecklist("I say so")).Kind);
        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, new OverrideDeploymentChecklist("  ")).Kind);
        s.Later(TimeSpan.FromMinutes(30));

        var outcome = s.Ok(Dana, new OverrideDeploymentChecklist("The client closes its change request itself"));

        Assert.Equal(
            "Deployment checklist overridden by Dana with 2 of 22 items open (Stakeholders notified, Change request " +
            "closed): The client closes its change request itself",
            outcome.Message);
        var given = s.Delivery.State.DeploymentChecklistOverride!;
        Assert.Equal(
            ("Dana", s.Clock.GetUtcNow(), "The client closes its change request itself"),
            (given.By.DisplayName, given.At, given.Reason));
        Assert.Equal(["Stakeholders notified", "Change request closed"], given.OpenItems);
        Assert.Equal(("override-deployment-checklist", outcome.Message),
            (s.Delivery.State.Audit[^1].Action, s.Delivery.State.Audit[^1].Summary));
        var again = s.Do(Dana, new OverrideDeploymentChecklist("Twice"));
        Assert.Equal(OutcomeKind.AlreadyDecided, again.Kind);
        Assert.Contains("already overridden by Dana at 2026-03-02", again.Message);

        s.Ok(Diego, new AcknowledgeGate(Checks.DeploymentSucceeded.Key));
        Assert.Equal(Stage.ClientHandover, s.Delivery.CurrentStage);
    }

    [Fact]
    public void There_is_nothing_to_override_when_every_item_is_ticked()
    {
        var s = Started();
        s.Ok(Diego, new UpdateDeploymentChecklist([.. DeploymentChecklist.AllItems]));

        var outcome = s.Do(Dana, new OverrideDeploymentChecklist("Just in case"));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains("nothing to override", outcome.Message);
        Assert.Null(s.Delivery.State.DeploymentChecklistOverride);
    }

    [Fact]
    public void The_record_shows_the_checklist_who_ticked_what_the_open_items_and_the_override()
    {
        var s = Started();
        s.Ok(Diego, new UpdateDeploymentChecklist(["All tests passing", "Runbook reviewed"]));
        s.Later(TimeSpan.FromHours(2));
        s.Ok(Dana, new UpdateDeploymentChecklist([], Untick: ["Runbook reviewed"]));
        s.Ok(Dana, new OverrideDeploymentChecklist("Client's *own* | runbook"));

        var markdown = RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow());

        Assert.Contains("\n## Deployment checklist\n- **Done:** 1 of 22\n", markdown);
        Assert.Contains("- **Open:** Security scan complete, Change request approved, Runbook reviewed,", markdown);
        Assert.Contains(
            "- **Override:** by Dana at 2026-03-02 12:00, with 21 open (Security scan complete, ", markdown);
        Assert.Contains(@"Change request closed): Client's \*own\* \| runbook", markdown);
        Assert.Contains("| Phase | Item | State | By | At |\n", markdown);
        Assert.Contains("| Pre-deployment | All tests passing | Ticked | Diego | 2026-03-02 10:00 |\n", markdown);
        Assert.Contains("| Pre-deployment | Runbook reviewed | Unticked | Dana | 2026-03-02 12:00 |\n", markdown);
        Assert.Contains("| Post-deployment | Change request closed | Open | | |\n", markdown);
    }

    [Fact]
    public void The_record_has_no_checklist_before_stage_5_or_when_it_was_skipped_untouched()
    {
        var s = Scenario.Opened().ToDeployment();
        Assert.DoesNotContain("## Deployment checklist", RecordMarkdown.Render(
            Scenario.Opened().ToQa().Delivery, Scenario.Start));

        s.Ok(Dana, new SkipStage(Stage.DeploymentCoordination, "The client deploys it"));

        Assert.DoesNotContain("## Deployment checklist", RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow()));
    }

    [Fact]
    public void No_checklist_item_holds_a_comma_which_the_card_joins_them_with()
        => Assert.All(DeploymentChecklist.AllItems, i => Assert.DoesNotContain(',', i));
}
