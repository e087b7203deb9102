using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>The living status card: one per delivery, no focus. Nobody acts on it, so everyone sees the same.</summary>
internal sealed class StatusCard : IDeliveryCard
{
    public string Template => Templates.Status;

    public bool Accepts(string focus) => focus.Length == 0;

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
        => CardText.Data(StatusCardData.From(delivery, context.Now, context.Unreachable));

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now) => [];

    /// <summary>
    /// Its one button, Refresh, asks about nothing: no change makes it out of date. (It shows the record's version
    /// itself, as <c>recordVersion</c>: the <c>version</c> every card carries is its buttons'.)
    /// </summary>
    public IReadOnlyList<Subject> AsksAbout(string focus) => [];
}
