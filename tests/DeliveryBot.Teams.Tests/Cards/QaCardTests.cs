using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// Stage 4 through real invoke activities: the QA Engineer passes or fails the attempt the card names (a FAIL only
/// with its report); nobody else decides, not even the DM; a failure comes back to the PLA, who resubmits with what
/// was remediated. Refused clicks change nothing and the card says why.
/// </summary>
public sealed class QaCardTests : DeliveryCardClicks
{
    private static Scenario FailedOnce()
    {
        var s = Scenario.Opened().ToQa();
        s.Ok(Quinn, new RecordQaVerdict(1, QaVerdict.Fail, "Credit notes misrouted"));
        return s;
    }

    [Fact]
    public async Task Quinn_passes_the_attempt_and_the_card_shows_who_decided_when_without_buttons()
    {
        await StoreAsync(Scenario.Opened().ToQa());
        var before = await SeenByAsync(Quinn, "qa");
        Assert.Contains("QA attempt 1: PASS or FAIL?", Texts(before));
        Assert.Equal(["PASS", "FAIL", "Record the FAIL"], Buttons(before));
        Assert.Equal(1, ButtonData(before, "PASS").GetProperty("attempt").GetInt32());

        var after = await ClickAsync(Quinn, "qa", "qa.pass", Values(("attempt", 1)));

        Assert.Contains("✅ PASS: attempt 1, by Quinn at 2026-03-02 11:00", Texts(after));
        Assert.Empty(Buttons(after));
        var d = await NowAsync();
        Assert.Equal(QaVerdict.Pass, d.CurrentQaAttempt!.Verdict);
        Assert.True(d.IsActive(Stage.DeploymentCoordination));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_fail_without_its_report_is_refused_and_changes_nothing(string? report)
    {
        var stored = await StoreAsync(Scenario.Opened().ToQa());

        var card = await ClickAsync(Quinn, "qa", "qa.fail", Values(("attempt", 1), ("failureReport", report)));

        Assert.Contains(
            "⛔ A FAIL needs its failure report: what failed and how to reproduce it. Nothing changed.", Texts(card));
        Assert.Equal(["PASS", "FAIL", "Record the FAIL"], Buttons(card)); // still Quinn's to decide
        var d = await NowAsync();
        Assert.Equal(stored.Version, d.Version);
        Assert.Null(d.CurrentQaAttempt!.Verdict);
    }

    [Fact]
    public async Task Quinn_fails_the_attempt_with_its_report()
    {
        await StoreAsync(Scenario.Opened().ToQa());

        var card = await ClickAsync(Quinn, "qa", "qa.fail",
            Values(("attempt", 1), ("failureReport", "Credit notes are routed as invoices. Upload CN-104.")));

        Assert.Contains("❌ FAIL: attempt 1, by Quinn at 2026-03-02 11:00 | Failure report: Credit notes are routed " +
            "as invoices. Upload CN-104.", Texts(card));
        Assert.Empty(Buttons(card));
        var attempt = (await NowAsync()).CurrentQaAttempt!;
        Assert.Equal((QaVerdict.Fail, "Credit notes are routed as invoices. Upload CN-104."),
            (attempt.Verdict!.Value, attempt.FailureReport));
    }

    [Theory]
    [InlineData("Dana")]   // the DM never acts for QA
    [InlineData("Pablo")]
    public async Task Only_the_qa_engineer_decides_and_anyone_else_is_told_who_can(string who)
    {
        var stored = await StoreAsync(Scenario.Opened().ToQa());
        var person = Everyone.Single(p => p.DisplayName == who);

        var pass = await ClickAsync(person, "qa", "qa.pass", Values(("attempt", 1)));
        var fail = await ClickAsync(
            person, "qa", "qa.fail", Values(("attempt", 1), ("failureReport", "Looks wrong to me")));

        Assert.All(
            [pass, fail], card => Assert.Contains("🚫 Only the QA Engineer (Quinn) can do this.", Texts(card)));
        Assert.Empty(Buttons(pass)); // their own view: the buttons are Quinn's
        var d = await NowAsync();
        Assert.Equal(stored.Version, d.Version);
        Assert.Null(d.CurrentQaAttempt!.Verdict);
    }

    [Fact]
    public async Task The_verdict_lands_only_on_the_attempt_the_card_names()
    {
        var s = FailedOnce();
        s.Ok(Pablo, new ResubmitToQa("Routing rule for credit notes fixed"));
        var stored = await StoreAsync(s);

        var oldCard = await ClickAsync(Quinn, "qa", "qa.pass", Values(("attempt", 1)));
        var future = await ClickAsync(Quinn, "qa", "qa.pass", Values(("attempt", 3)));
        var garbled = await ClickAsync(Quinn, "qa", "qa.pass", Values(("attempt", "two")));

        Assert.Contains("ℹ️ QA attempt 1: FAIL recorded by Quinn at 2026-03-02 10:00.", Texts(oldCard));
        Assert.Contains("⛔ QA attempt 3 is not the submission awaiting a verdict.", Texts(future));
        Assert.Contains("⛔ This button does not name a QA attempt. Nothing changed.", Texts(garbled));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
    }

    [Fact]
    public async Task The_current_attempt_shows_its_remediation_and_the_earlier_attempts_their_reports()
    {
        var s = FailedOnce();
        s.Ok(Pablo, new ResubmitToQa("Routing rule for credit notes fixed"));
        await StoreAsync(s);

        var card = Texts(await SeenByAsync(Quinn, "qa"));

        Assert.Contains("QA attempt 2: PASS or FAIL? | For Quinn (QA Engineer) | Submitted | 2026-03-02 10:00 by " +
            "Pablo | Remediation | Routing rule for credit notes fixed", card);
        Assert.Contains(
            "Earlier attempts | Attempt 1: FAIL by Quinn at 2026-03-02 10:00 | Failure report: Credit notes misrouted",
            card);
    }

    [Fact]
    public async Task A_stale_card_and_a_second_click_change_nothing()
    {
        var stored = await StoreAsync(Scenario.Opened().ToQa());

        var stale = await ClickAsync(Quinn, "qa", "qa.pass", Values(("attempt", 1)), version: stored.Version - 1);
        Assert.Contains("This card was out of date", Texts(stale));
        Assert.Null((await NowAsync()).CurrentQaAttempt!.Verdict);

        await ClickAsync(Quinn, "qa", "qa.pass", Values(("attempt", 1)));
        var decided = (await NowAsync()).Version;
        var again = await ClickAsync(Quinn, "qa", "qa.fail",
            Values(("attempt", 1), ("failureReport", "Changed my mind")), version: stored.Version);

        Assert.Contains("ℹ️ QA attempt 1: PASS recorded by Quinn at 2026-03-02 11:00.", Texts(again));
        Assert.Equal(decided, (await NowAsync()).Version);
    }

    [Fact]
    public async Task Pablo_resubmits_a_failed_attempt_with_what_was_remediated()
    {
        await StoreAsync(FailedOnce());
        var notice = await SeenByAsync(Pablo, "qa-failure");
        Assert.Contains(
            "QA attempt 1 failed | Failed by Quinn at 2026-03-02 10:00. | Failure report | Credit notes misrouted",
            Texts(notice));
        Assert.Contains("QA certified target: 2026-03-27 (Upcoming)", Texts(notice));
        Assert.Equal(["Resubmit to QA", "Resubmit"], Buttons(notice));

        var card = await ClickAsync(
            Pablo, "qa-failure", "qa.resubmit", Values(("remediation", "Routing rule for credit notes fixed")));

        Assert.Contains("✅ Resubmitted as attempt 2 by Pablo at 2026-03-02 11:00. | Remediation: Routing rule for " +
            "credit notes fixed", Texts(card));
        Assert.Empty(Buttons(card));
        var attempt = (await NowAsync()).CurrentQaAttempt!;
        Assert.Equal((2, "Routing rule for credit notes fixed", true),
            (attempt.Number, attempt.RemediationNotes, attempt.AwaitingVerdict));
    }

    [Fact]
    public async Task A_resubmission_needs_its_remediation_notes_and_the_pla_or_the_dm()
    {
        var stored = await StoreAsync(FailedOnce());

        var empty = await ClickAsync(Pablo, "qa-failure", "qa.resubmit", Values(("remediation", " ")));
        var quinn = await ClickAsync(Quinn, "qa-failure", "qa.resubmit", Values(("remediation", "Fixed it myself")));

        Assert.Contains("⛔ Say what was remediated. Nothing changed.", Texts(empty));
        Assert.Contains(
            "🚫 Only the Production Line Architect (Pablo) or the Delivery Manager (Dana) can do this.",
                Texts(quinn));
        Assert.Empty(Buttons(quinn));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
    }
}
