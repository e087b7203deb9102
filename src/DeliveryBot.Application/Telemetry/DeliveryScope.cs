using System.Collections;

namespace DeliveryBot.Application.Telemetry;

/// <summary>
/// A logging scope naming the delivery a piece of work is about, so every log line written inside it (the store's,
/// the channel's) carries <c>DeliveryId</c> beside the trace id ASP.NET Core's scopes already add.
/// </summary>
public sealed class DeliveryScope(string deliveryId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public KeyValuePair<string, object?> this[int index]
        => index == 0 ? new("DeliveryId", deliveryId) : throw new ArgumentOutOfRangeException(nameof(index));

    public int Count => 1;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"DeliveryId:{deliveryId}";
}
