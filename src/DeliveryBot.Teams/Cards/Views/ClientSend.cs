using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// What a client message's card says about its Send button: whether the bot can send it now (the domain's route, and
/// no message of the kind already on its way) and to whom and how, in words. Mark sent is there in every case.
/// </summary>
internal static class ClientSend
{
    public static (bool CanSend, string SendTo) For(Delivery delivery, CommunicationType type, CardContext context)
    {
        if (delivery.ClientSendRoute(context.Mail) is not { } route || delivery.BeingSent(type) is not null)
            return (false, "");
        return (true, route.Via == ClientChannel.Teams
            ? $"Send to the client sends it to {route.To} in Teams, as a message from the bot."
            : $"Send to the client emails it to {route.To} ({route.To.Email}) from {route.From}.");
    }

    /// <summary>A row of "Status updates sent" on a card: when, what, to whom and how it went.</summary>
    public static string Line(Delivery delivery, StatusUpdate u)
        => u.SendId is null
            ? $"{delivery.Time(u.SentAt)} {u.Type.Title()} ({u.Channel}): {u.Summary}"
            : u.To is null
                // posted by the bot to the stakeholders: the outcome says to how many
                ? $"{delivery.Time(u.SentAt)} {u.Type.Title()}: {u.Summary} ({u.Outcome(delivery.Time)})"
                : $"{delivery.Time(u.SentAt)} {u.Type.Title()} to {u.To}: {u.Summary} ({u.Outcome(delivery.Time)})";
}
