using DeliveryBot.Application.Storage;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// The kinds of message the outbox holds, each with its payload type: the one place a row is written from a message and
/// read back into one. A row whose kind is unknown, or whose payload does not read, gives null (the dispatcher gives it
/// up with that reason), never an exception.
/// </summary>
public static class OutboxKinds
{
    public const string Reminder = "reminder";
    public const string Notice = "notice";
    public const string Turn = "turn";
    public const string Redraw = "redraw";
    public const string Moved = "moved";
    public const string Information = "information";
    public const string Client = "client-message";

    private static readonly Dictionary<Type, string> KindOf = new()
    {
        [typeof(ReminderMessage)] = Reminder, [typeof(Messages.Notice)] = Notice, [typeof(TurnCard)] = Turn,
        [typeof(CardRedraw)] = Redraw, [typeof(CardMoved)] = Moved, [typeof(InformationCard)] = Information,
        [typeof(ClientMessage)] = Client,
    };

    private static readonly Dictionary<string, Func<string, OutgoingMessage?>> Readers = new(StringComparer.Ordinal)
    {
        [Reminder] = OutboxPayload.Read<ReminderMessage>,
        [Notice] = OutboxPayload.Read<Messages.Notice>,
        [Turn] = OutboxPayload.Read<TurnCard>,
        [Redraw] = OutboxPayload.Read<CardRedraw>,
        [Moved] = OutboxPayload.Read<CardMoved>,
        [Information] = OutboxPayload.Read<InformationCard>,
        [Client] = OutboxPayload.Read<ClientMessage>,
    };

    /// <summary>
    /// The outbox row for a message. <paramref name="lane"/> is what must go in order (a person's chat, a delivery's
    /// cards); different lanes are sent independently.
    /// </summary>
    public static OutboxMessage Row(OutgoingMessage message, string key, string lane, DateTimeOffset due)
        => new(
            IdempotencyKey: key,
            DeliveryId: message.DeliveryId,
            RecipientKey: lane,
            Kind: KindOf[message.GetType()],
            Payload: OutboxPayload.Write(message),
            DueAt: due);

    /// <summary>The lane of everything addressed to one person (their 1:1 chat).</summary>
    public static string PersonLane(Domain.People.Person person) => person.Key;

    public static OutgoingMessage? Read(OutboxMessage row)
        => Readers.TryGetValue(row.Kind, out var read) ? read(row.Payload) : null;
}
