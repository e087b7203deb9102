using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

public sealed class DelegationTests
{
    [Fact]
    public void A_delegate_acts_for_the_role_until_the_date_and_both_names_are_recorded()
    {
        var s = Scenario.Opened().Planned();
        s.Ok(Pablo, new DelegateRole(Role.ProductionLineArchitect, Sam, new DateOnly(2026, 3, 3), "Annual leave"));

        var delegation = Assert.Single(s.Delivery.State.Delegations);
        Assert.Equal((Pablo, Sam), (delegation.From, delegation.To));
        var now = s.Clock.GetUtcNow();
        Assert.Equal([Pablo, Sam], s.Delivery.ActorsFor(Role.ProductionLineArchitect, now));
        Assert.Equal([Pablo], s.Delivery.HoldersOf(Role.ProductionLineArchitect)); // the delegate is not a holder
        Assert.Contains("from Pablo to Sam until 2026-03-03", s.Delivery.State.Audit[^1].Summary);

        s.Ok(Sam, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));
        Assert.Equal(Sam, s.Delivery.DecisionFor(Checks.ScheduleAcknowledgedByPla)!.By);
    }

    [Fact]
    public void A_delegation_lapses_after_its_last_day_in_the_delivery_time_zone()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Pablo, new DelegateRole(Role.ProductionLineArchitect, Sam, new DateOnly(2026, 3, 2)));

        s.Clock.Set(new DateTimeOffset(2026, 3, 2, 23, 59, 0, TimeSpan.Zero));
        Assert.True(s.Delivery.Holds(Sam, Role.ProductionLineArchitect, s.Clock.GetUtcNow()));
        s.Clock.Set(new DateTimeOffset(2026, 3, 3, 0, 0, 1, TimeSpan.Zero));
        var outcome = s.Do(Sam, new RecordCheckIn(CheckInStatus.OnTrack, Note: null));

        Assert.Equal(OutcomeKind.Forbidden, outcome.Kind);
        Assert.True(s.Delivery.Holds(Pablo, Role.ProductionLineArchitect, s.Clock.GetUtcNow()));
    }

    [Fact]
    public void The_holder_keeps_acting_and_the_dm_can_delegate_for_them()
    {
        var s = Scenario.Opened().ToQa();
        s.Ok(Dana, new DelegateRole(Role.QaEngineer, Sam, new DateOnly(2026, 3, 6)));

        Assert.Equal(Quinn, s.Delivery.State.Delegations[0].From);
        Assert.Contains("QA Engineer (Quinn, Sam)", s.Do(Mallory, new RecordQaVerdict(1, QaVerdict.Pass)).Message);
        s.Ok(Quinn, new RecordQaVerdict(1, QaVerdict.Pass));
    }

    [Fact]
    public void Bad_delegations_are_refused()
    {
        var s = Scenario.Opened();

        Assert.Equal(
            OutcomeKind.Refused,
            s.Do(Pablo, new DelegateRole(Role.ProductionLineArchitect, Pablo, new DateOnly(2026, 3, 5))).Kind);
        Assert.Equal(
            OutcomeKind.Refused,
            s.Do(Pablo, new DelegateRole(Role.ProductionLineArchitect, Sam, new DateOnly(2026, 3, 1))).Kind);
        Assert.Equal(
            OutcomeKind.Refused,
            s.Do(Pablo, new DelegateRole(Role.ProductionLineArchitect, Sam, new DateOnly(2027, 6, 1))).Kind);
        Assert.Equal(
            OutcomeKind.Forbidden,
            s.Do(Quinn, new DelegateRole(Role.ProductionLineArchitect, Sam, new DateOnly(2026, 3, 5))).Kind);
    }

    [Fact]
    public void A_delegation_ends_early_once()
    {
        var s = Scenario.Opened();
        s.Ok(Pablo, new DelegateRole(Role.ProductionLineArchitect, Sam, new DateOnly(2026, 3, 20)));

        Assert.Equal(OutcomeKind.Forbidden, s.Do(Mallory, new EndDelegation(1)).Kind);
        s.Ok(Sam, new EndDelegation(1));

        Assert.Equal(OutcomeKind.AlreadyDecided, s.Do(Pablo, new EndDelegation(1)).Kind);
        Assert.False(s.Delivery.Holds(Sam, Role.ProductionLineArchitect, s.Clock.GetUtcNow()));
    }

    [Fact]
    public void The_holder_ends_the_delegation_of_their_role_early_and_it_is_audited_with_an_event()
    {
        var s = Scenario.Opened().ToQa();
        s.Ok(Quinn, new DelegateRole(Role.QaEngineer, Sam, new DateOnly(2026, 3, 20), "Conference"));
        s.Later(TimeSpan.FromHours(2));

        var outcome = s.Ok(Quinn, new EndRoleDelegation(Role.QaEngineer));

        Assert.Equal("Delegation of the QA Engineer role from Quinn to Sam ended by Quinn.", outcome.Message);
        var ended = Assert.Single(outcome.Events.OfType<DelegationEnded>());
        Assert.Equal((1, Quinn), (ended.Delegation.Number, ended.By));
        Assert.Equal(s.Clock.GetUtcNow(), s.Delivery.State.Delegations[0].EndedAt);
        Assert.Equal(("end-delegation", Quinn), (s.Delivery.State.Audit[^1].Action, s.Delivery.State.Audit[^1].Actor));
        Assert.False(s.Delivery.Holds(Sam, Role.QaEngineer, s.Clock.GetUtcNow()));
        Assert.Equal(OutcomeKind.Refused, s.Do(Quinn, new EndRoleDelegation(Role.QaEngineer)).Kind); // nothing left
    }

    [Fact]
    public void The_dm_ends_any_delegation_of_a_role_and_an_outsider_none()
    {
        var s = Scenario.Opened().ToQa();
        s.Ok(Quinn, new DelegateRole(Role.QaEngineer, Sam, new DateOnly(2026, 3, 20)));
        s.Ok(Pablo, new DelegateRole(Role.ProductionLineArchitect, Mallory, new DateOnly(2026, 3, 20)));

        Assert.Equal(OutcomeKind.Forbidden, s.Do(Mallory, new EndRoleDelegation(Role.QaEngineer)).Kind);
        Assert.Equal(OutcomeKind.Forbidden, s.Do(Pablo, new EndRoleDelegation(Role.QaEngineer)).Kind);
        Assert.Equal(
            OutcomeKind.Refused, s.Do(Dana, new EndRoleDelegation(Role.DeploymentSpecialist)).Kind); // none in force
        s.Ok(Dana, new EndRoleDelegation(Role.QaEngineer));

        Assert.NotNull(s.Delivery.State.Delegations.Single(d => d.Role == Role.QaEngineer).EndedAt);
        // another role's delegation stays
        Assert.True(s.Delivery.Holds(Mallory, Role.ProductionLineArchitect, s.Clock.GetUtcNow()));
    }

    [Fact]
    public void Who_stood_in_for_whom_is_known_for_any_instant_of_the_delegation()
    {
        var s = Scenario.Opened().ToQa();
        var before = s.Clock.GetUtcNow();
        s.Later(TimeSpan.FromHours(1));
        s.Ok(Quinn, new DelegateRole(Role.QaEngineer, Sam, new DateOnly(2026, 3, 20)));
        s.Later(TimeSpan.FromHours(1));
        var during = s.Clock.GetUtcNow();
        s.Later(TimeSpan.FromHours(1));
        s.Ok(Sam, new EndRoleDelegation(Role.QaEngineer)); // the delegate may hand it back too
        s.Later(TimeSpan.FromHours(1));

        Assert.Empty(s.Delivery.StandingInAt(Sam, before));
        Assert.Equal(Quinn, Assert.Single(s.Delivery.StandingInAt(Sam, during)).From);
        Assert.Empty(s.Delivery.StandingInAt(Sam, s.Clock.GetUtcNow()));
        Assert.Empty(s.Delivery.StandingInAt(Quinn, during));
        Assert.True(s.Delivery.HasRoleOn(Quinn, during));
        Assert.False(s.Delivery.HasRoleOn(Mallory, during));
    }

    [Fact]
    public void Assigning_roles_replaces_a_holder_but_adds_client_contacts()
    {
        var s = Scenario.Opened();
        var before = s.Delivery.HoldersOf(Role.ProductionLineArchitect); // read, so the next read is of a new state
        s.Ok(Dana, new AssignRole(Role.ProductionLineArchitect, Sam));
        s.Ok(Dana, new AssignRole(Role.ClientContact, Mallory));

        Assert.Equal([Pablo], before);
        Assert.Equal([Sam], s.Delivery.HoldersOf(Role.ProductionLineArchitect));
        Assert.Equal([Cora, Mallory], s.Delivery.HoldersOf(Role.ClientContact));
        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, new AssignRole(Role.ClientContact, Mallory)).Kind);
        Assert.Equal(OutcomeKind.Forbidden, s.Do(Pablo, new AssignRole(Role.Cto, Pablo)).Kind);
    }

    [Fact]
    public void A_command_that_leaves_the_stakeholders_alone_keeps_the_holders_worked_out_before_it()
    {
        var s = Scenario.Opened();
        var before = s.Delivery.HoldersOf(Role.ProductionLineArchitect);
        var state = s.Delivery.State;
        s.Ok(Dana, new AddRisk("Late data", Level.Low, Level.Low, "None"));
        Assert.NotSame(state, s.Delivery.State);
        Assert.Same(before, s.Delivery.HoldersOf(Role.ProductionLineArchitect)); // not worked out again

        s.Ok(Dana, new AssignRole(Role.ClientContact, Mallory));
        Assert.NotSame(before, s.Delivery.HoldersOf(Role.ProductionLineArchitect));
        Assert.Equal([Pablo], s.Delivery.HoldersOf(Role.ProductionLineArchitect));
        Assert.Equal([Cora, Mallory], s.Delivery.HoldersOf(Role.ClientContact));
    }

    [Fact]
    public void A_snapshot_shares_the_holders_of_its_state_and_keeps_that_state_through_a_command_on_the_original()
    {
        var s = Scenario.Opened();
        var holders = s.Delivery.HoldersOf(Role.ProductionLineArchitect);
        var snapshot = s.Delivery.Snapshot();
        var state = s.Delivery.State;

        s.Ok(Dana, new AssignRole(Role.ProductionLineArchitect, Sam));

        Assert.Same(state, snapshot.State);
        Assert.Same(holders, snapshot.HoldersOf(Role.ProductionLineArchitect));
        Assert.Equal([Pablo], snapshot.HoldersOf(Role.ProductionLineArchitect));
        Assert.Equal([Sam], s.Delivery.HoldersOf(Role.ProductionLineArchitect));
    }

    [Fact]
    public void People_match_by_object_id_else_by_email_ignoring_case()
    {
        Assert.True(new Person("OID-1", Email: null, "A").IsSameAs(new Person("oid-1", "x@y", "B")));
        Assert.False(new Person("oid-1", "a@x", "A").IsSameAs(new Person("oid-2", "a@x", "A")));
        Assert.True(new Person(ObjectId: null, "Cora@Client.test", "Cora").IsSameAs(Cora));
        Assert.False(new Person(ObjectId: null, Email: null, "Nobody").IsSameAs(Cora));
    }
}
