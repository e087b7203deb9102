using System.Text.Json.Serialization;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// <see cref="Card"/>, sent to <see cref="Recipient"/>'s 1:1 chat to tell them something, not to ask for something
/// they owe: the schedule shared with a stakeholder, the drafted delay notice offered to the DM. <see cref="About"/> is
/// what happened, in a few words. <see cref="TenantId"/> is where the change was made, when a person made it in Teams.
/// </summary>
public sealed record InformationCard(
    string DeliveryId,
    Person Recipient,
    CardName Card,
    string What,
    string? TenantId)
    : OutgoingMessage(DeliveryId)
{
    [JsonIgnore]
    public override Person? Addressee => Recipient;
    [JsonIgnore]
    public override string About => What;
}
