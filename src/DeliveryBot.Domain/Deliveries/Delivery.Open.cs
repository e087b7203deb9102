using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Deliveries;

public sealed partial class Delivery
{
    /// <summary>The audit action of the command that opened a delivery.</summary>
    public const string OpenAction = "open-delivery";

    private const string FormOpening = "intake-form:";

    /// <summary>
    /// The command id of opening a delivery from one intake form in an organisation: every click on the form, by
    /// anyone, in any instance, is the same command, so the form opens one delivery.
    /// </summary>
    public static string OpeningFrom(string? tenantId, string formId)
        => $"{FormOpening}{DeliveryKey.Tenant(tenantId)}/{formId}";

    /// <summary>Whether a command id is an intake form's opening (<see cref="OpeningFrom"/>).</summary>
    public static bool IsOpeningFromForm(string commandId)
        => commandId.StartsWith(FormOpening, StringComparison.Ordinal);

    /// <summary>
    /// The requirements package as kept: an http(s) link (anything else could run or mislead when clicked), signed off
    /// no later than the intake (the handoff follows the sign-off) and not more than a year before it.
    /// </summary>
    private static RequirementsPackage? Checked(RequirementsPackage? package, DateOnly intakeDate)
    {
        if (package is null) return null;
        var link = UserText.Required(package.Link, "The requirements link", UserText.Paragraph);
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new RuleViolation($"The requirements link '{link}' is not a web address (https://...).");
        if (package.SignedOffOn > intakeDate)
            throw new RuleViolation($"The requirements were signed off on {package.SignedOffOn:yyyy-MM-dd}, after the "
                + $"intake date ({intakeDate:yyyy-MM-dd}): the handoff follows the sign-off.");
        if (package.SignedOffOn < intakeDate.AddYears(-1))
            throw new RuleViolation($"The requirements sign-off ({package.SignedOffOn:yyyy-MM-dd}) is more than a "
                + "year before the intake; check the date.");
        return new RequirementsPackage(
            link, package.SignedOffOn, UserText.Optional(package.SignedOffBy, "Who signed the requirements off"));
    }

    /// <summary>
    /// Creates the delivery record from the intake (stage 1 starts), in the organisation it was opened in. The
    /// sender becomes the Delivery Manager, unless the intake names another: then the sender is its Client Intake
    /// Manager and the delivery waits for that DM to confirm (<see cref="Commands.ConfirmManagement"/>).
    /// </summary>
    public static Delivery Open(string id, Intake intake, CommandMeta meta, string? tenantId = null)
    {
        if (meta.Actor.IsSystem) throw new RuleViolation("A delivery is opened by its Delivery Manager.");
        intake.Settings.Validate();
        var today = DateOnly.FromDateTime(meta.At.UtcDateTime);
        if (intake.IntakeDate < today.AddYears(-1) || intake.IntakeDate > today.AddYears(1))
            throw new RuleViolation(
                $"The intake date ({intake.IntakeDate:yyyy-MM-dd}) must be within a year of today.");
        if (intake.AgreedDeliveryDate is { } agreed) Known.Date(agreed, intake.IntakeDate, "The agreed delivery date");
        // Naming someone else as DM makes the sender the Client Intake Manager, who hands the delivery over: it
        // waits for that DM to confirm before anything starts.
        var proposed = intake.DeliveryManager is { } named && !named.IsSameAs(meta.Actor);
        if (proposed && !intake.ClientIntakeManager.IsSameAs(meta.Actor))
            throw new RuleViolation("When you name another Delivery Manager, you open the delivery as its Client "
                + "Intake Manager: name yourself as Client Intake Manager, or leave the Delivery Manager to you.");
        var stakeholders = new List<RoleAssignment>
        {
            new(Role.DeliveryManager, proposed ? intake.DeliveryManager! : meta.Actor),
            new(Role.ClientIntakeManager, intake.ClientIntakeManager),
        };
        foreach (var other in intake.OtherStakeholders ?? [])
        {
            if (Known.Value(other.Role, "role") is Role.DeliveryManager or Role.ClientIntakeManager) continue;
            if (other.Role != Role.ClientContact) stakeholders.RemoveAll(s => s.Role == other.Role);
            stakeholders.Add(other);
        }
        foreach (var s in stakeholders)
            RoleConflicts.Check(
                s.Person, s.Role, stakeholders.Where(o => o != s && o.Person.IsSameAs(s.Person)).Select(o => o.Role));

        var state = new DeliveryState
        {
            Id = UserText.Required(id, "Delivery id", 32),
            TenantId = DeliveryKey.Tenant(tenantId),
            Version = 0,
            Client = UserText.Required(intake.Client, "Client"),
            DigitalTalent = UserText.Required(intake.DigitalTalent, "Digital talent"),
            Scope = UserText.Required(intake.Scope, "Scope", UserText.Paragraph),
            TimelineExpectations =
                UserText.Optional(intake.TimelineExpectations, "Timeline expectations", UserText.Paragraph),
            IntakeDate = intake.IntakeDate,
            AgreedDeliveryDate = intake.AgreedDeliveryDate,
            Requirements = Checked(intake.Requirements, intake.IntakeDate),
            Settings = intake.Settings,
            CreatedAt = meta.At,
            Proposal = proposed ? new ManagerProposal(meta.Actor, meta.At) : null,
            Stakeholders = [.. stakeholders],
            Stages = [.. StageCatalog.All.Select(s => new StageProgress(s.Stage, StageState.NotStarted))],
            Milestones = [.. MilestoneNames.All.Select(m => new MilestoneEntry(
                m,
                Target: m == Milestone.IntakeHandoff ? intake.IntakeDate : null,
                Actual: null,
                MilestoneEntry.DefaultAcceptableDelayDays))],
        };
        var delivery = new Delivery(state);
        var opened = proposed
            ? $"Delivery {state.Id} opened for {state.Client}: {state.DigitalTalent} by {meta.Actor}, Client Intake "
                + $"Manager, for {intake.DeliveryManager} to run; it starts when they confirm."
            : $"Delivery {state.Id} opened for {state.Client}: {state.DigitalTalent}. "
                + "Stage 1 (Intake handoff) started.";
        delivery.Raise(new DeliveryOpened(opened));
        if (!proposed) delivery.Start(Stage.IntakeHandoff, meta);
        delivery.Commit(meta, OpenAction, opened, before: null);
        return delivery;
    }
}
