using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Domain.Commands;

/// <summary>Stage 6: the DM prepares the handover package; every part is required.</summary>
public sealed record PrepareHandover(HandoverPackage Package) : DeliveryCommand
{
    public override string Action => "prepare-handover";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        delivery.RequireActive(Stage.ClientHandover);
        if (delivery.HandoverSent is { } sent)
            throw new RuleViolation($"The handover package was already sent on {delivery.Time(sent.SentAt)}.");
        if (delivery.BeingSent(CommunicationType.HandoverCommunication) is not null)
            throw new RuleViolation("The handover communication is being sent; the package can't change under it.");
        var package = new HandoverPackage(
            UserText.Required(Package.ScopeConfirmation, "What was delivered (scope confirmation)", UserText.Paragraph),
            UserText.Required(Package.AccessInstructions, "How to access and use it", UserText.Paragraph),
            UserText.Required(Package.ConfigurationNotes, "Configuration or customisation notes", UserText.Paragraph),
            UserText.Required(Package.SupportAndNextSteps, "Support contact and next steps", UserText.Paragraph));
        delivery.Change(s => s with { Handover = package });
        return "Handover package prepared; send the handover communication to the client next.";
    }
}

/// <summary>
/// Stage 6 gate: the client acknowledges receipt (with initial feedback). A client contact in Teams does it;
/// otherwise the DM records it with its evidence: date, channel and the client's words, or sends them a sign-off link
/// whose page acknowledges as the client contact (<see cref="SignedOff"/>: the link is used up with it).
/// </summary>
public sealed record AcknowledgeReceipt(
    string? Feedback, string? Satisfaction, ReceiptEvidence? Evidence = null, SignOffUse? SignedOff = null)
    : DeliveryCommand
{
    public override string Action => "acknowledge-receipt";

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.State.ClientAcknowledgement is { } ack
            ? $"Receipt acknowledged by {ack.RecordedBy} at {delivery.Time(ack.RecordedAt)}."
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        var byClient = delivery.Holds(meta.Actor, Role.ClientContact, meta.At);
        var byDm = !byClient && delivery.Holds(meta.Actor, Role.DeliveryManager, meta.At);
        if (!byClient && !byDm)
            throw new NotPermitted(
                $"Only {delivery.WhoCanAct([Role.ClientContact], meta.At)} can acknowledge receipt, " +
                $"or {delivery.WhoCanAct([Role.DeliveryManager], meta.At)} can record it with its evidence.");
        if (delivery.Progress(Stage.ClientHandover).State is not (StageState.Active or StageState.Skipped))
            delivery.RequireActive(Stage.ClientHandover);
        delivery.RequireReady(Checks.ClientReceipt);
        var signedOff = SignedOff is null ? null : UseLink(delivery, meta, byClient);
        var evidence = byDm ? CheckEvidence(delivery, meta) : null;
        var ack = new ClientAcknowledgement(
            RecordedAt: meta.At,
            RecordedBy: meta.Actor,
            Feedback: UserText.Optional(Feedback, "The feedback", UserText.Paragraph),
            Satisfaction: UserText.Optional(Satisfaction, "The satisfaction"),
            Evidence: evidence,
            SignedOff: signedOff);
        delivery.Change(s => s with { ClientAcknowledgement = ack });
        if (delivery.IsActive(Stage.ClientHandover))
            delivery.Decide(
                Checks.ClientReceipt,
                meta,
                onBehalfOf: byDm ? Role.ClientContact : null,
                reason: evidence is null
                    ? null
                    : $"Recorded from {evidence.Channel} on {evidence.Date:yyyy-MM-dd}: \"{evidence.Quote}\"");
        return byDm
            ? $"Client receipt recorded by {meta.Actor} from {evidence!.Channel} ({evidence.Date:yyyy-MM-dd}): " +
                $"\"{evidence.Quote}\""
            : $"Receipt acknowledged by {meta.Actor} at {delivery.Time(meta.At)}.";
    }

    private SignOffUse UseLink(Delivery delivery, CommandMeta meta, bool byClient)
    {
        // the page acts as the client contact; nobody else signs off through the client's link
        if (!byClient) throw new NotPermitted("Only the client contact acknowledges through a sign-off link.");
        var use = new SignOffUse(
            SignedOff!.LinkId,
            From: UserText.Optional(SignedOff.From, "The address"),
            UserAgent: UserText.Optional(SignedOff.UserAgent, "The browser"));
        SignOffRules.Use(delivery, use, meta);
        return use;
    }

    private ReceiptEvidence CheckEvidence(Delivery delivery, CommandMeta meta)
    {
        if (Evidence is null)
            throw new RuleViolation(
                "To record the client's acknowledgement for them, give its evidence: " +
                "the date, the channel and the client's words.");
        if (Evidence.Date > delivery.Today(meta))
            throw new RuleViolation("The acknowledgement cannot be dated in the future.");
        if (delivery.HandoverSent is { } sent && Evidence.Date < delivery.Calendar.LocalDate(sent.SentAt))
            throw new RuleViolation("The acknowledgement cannot be dated before the handover was sent.");
        return new ReceiptEvidence(Evidence.Date,
            UserText.Required(Evidence.Channel, "The channel (email, call, meeting...)"),
            UserText.Required(Evidence.Quote, "The client's words", UserText.Paragraph));
    }
}
