using System.Collections.Immutable;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>
/// A gate check's subject changed exactly when the decisions on that check, in order, differ: the walk it is compared
/// with after every decision against the plain reading (the decisions on the check picked from both lists).
/// </summary>
public sealed class GateSubjectTests
{
    private static readonly GateCheck[] Checks = [.. StageCatalog.AllChecks.Take(3)];

    [Fact]
    public void A_check_asks_about_its_decisions_its_stage_and_what_it_confirms_and_an_unknown_check_is_refused()
    {
        // worked out once per check of the catalog: each names its own gate subject and its stage's, no other gate's
        foreach (var check in StageCatalog.AllChecks)
        {
            var asked = Delivery.AsksAbout(check);
            Assert.Equal([$"gate:{check.Key}", Subject.Of(check.Stage).Key], asked.Take(2).Select(s => s.Key));
            Assert.DoesNotContain(asked.Skip(2), s => s.Key.StartsWith("gate:", StringComparison.Ordinal));
            // a copy that is not the catalog's own (another question) asks the same: it is worked out, not looked up
            Assert.Equal(asked, Delivery.AsksAbout(check with { Question = "Another question?" }));
        }
        Assert.Contains(Subject.Schedule, Delivery.AsksAbout(StageCatalog.Checks.ScheduleAcknowledgedByPla));
        var unknown = StageCatalog.Checks.QaPass with { Key = "qa-vibes" };
        Assert.Contains("qa-vibes", Assert.Throws<ArgumentException>(() => Subject.Of(unknown)).Message);
    }

    [Fact]
    public void A_card_s_buttons_ask_about_every_subject_any_of_their_commands_asks_about_once_each()
    {
        var asked = Delivery.AsksAbout(
            new Commands.AddRisk("Vendor quota", Record.Level.High, Record.Level.Low, "Ask", ConcernsClient: false),
            new Commands.RaiseBlocker("Vendor down"),
            new Commands.CloseRisk("R1"));

        Assert.Equal([Subject.Risks, Subject.Blockers], asked);
        Assert.Empty(Delivery.AsksAbout());
    }

    [Fact]
    public void Each_checks_subject_differs_exactly_when_its_decisions_differ()
    {
        var state = Scenario.Opened().Delivery.State;
        var random = new Random(20261205);
        var (differed, same) = (0, 0);
        for (var pair = 0; pair < 3_000; pair++)
        {
            var before = Decisions(random);
            // often a list one decision away, as a command leaves it; sometimes an unrelated one
            var after = random.Next(4) == 0 ? Decisions(random) : Nudged(before, random);
            foreach (var check in Checks)
            {
                var expected = !before.Where(d => d.CheckKey == check.Key)
                    .SequenceEqual(after.Where(d => d.CheckKey == check.Key));
                var actual = Subject.Of(check).Differs(
                    state with { Decisions = before }, state with { Decisions = after });
                Assert.Equal(expected, actual);
                if (expected) differed++;
                else same++;
            }
        }
        // both answers were asked for many times
        Assert.True(differed > 500 && same > 500, $"{differed} differed, {same} the same");
    }

    private static ImmutableList<GateDecision> Decisions(Random random)
        => [.. Enumerable.Range(0, random.Next(6)).Select(_ => Decision(random))];

    private static ImmutableList<GateDecision> Nudged(ImmutableList<GateDecision> list, Random random)
        => random.Next(3) switch
        {
            0 => list.Add(Decision(random)),
            1 when list.Count > 0 => list.RemoveAt(random.Next(list.Count)),
            _ when list.Count > 0 => list.SetItem(random.Next(list.Count), Decision(random)),
            _ => list,
        };

    private static GateDecision Decision(Random random)
        => new(
            Checks[random.Next(Checks.Length)].Key,
            random.Next(2) == 0 ? Dana : Pablo,
            Scenario.Start,
            "test",
            WithdrawnAt: random.Next(4) == 0 ? Scenario.Start.AddHours(1) : null);
}
