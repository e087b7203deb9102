using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// The DM's notice that someone cannot be reached is written to the outbox (so nothing at that moment can lose it),
/// addressed to the DM, once a day per person and thing.
/// </summary>
public sealed class UnreachableNoticeTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(Scenario.Start);
    private ChannelFactory _bot = null!;

    public Task InitializeAsync()
    {
        _bot = new ChannelFactory(new Dictionary<string, string?>()) { Clock = _clock };
        return Task.CompletedTask;
    }

    private async Task<IReadOnlyList<OutboxItem>> NoticesAsync()
        => [.. (await _bot.Services.GetRequiredService<IOutbox>().ForDeliveryAsync("D1"))
            .Where(r => r.Message.Kind == Notice.OutboxKind)];

    [Fact]
    public async Task The_notice_waits_in_the_outbox_for_the_dm_and_is_told_once_a_day_per_person_and_thing()
    {
        var delivery = Scenario.Opened().Planned().Delivery;
        var notice = _bot.Services.GetRequiredService<UnreachableNotice>();

        await notice.TellAsync(delivery, Cast.Pablo, "Schedule acknowledged by the PLA",
            "403 ConversationBlockedByUser", CancellationToken.None);
        await notice.TellAsync(delivery, Cast.Pablo, "Schedule acknowledged by the PLA",
            "403 ConversationBlockedByUser", CancellationToken.None);
        await notice.TellAsync(
            delivery, Cast.Pablo, "Production check-in", "403 ConversationBlockedByUser", CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
        await notice.TellAsync(delivery, Cast.Pablo, "Schedule acknowledged by the PLA",
            "403 ConversationBlockedByUser", CancellationToken.None);

        var rows = await NoticesAsync();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(Cast.Dana.Key, r.Message.RecipientKey));
        var first = (Notice)OutboxKinds.Read(rows[0].Message)!;
        Assert.Contains(
            "I can't reach Pablo in Teams (403 ConversationBlockedByUser)", first.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dm_is_not_told_about_themselves()
    {
        await _bot.Services.GetRequiredService<UnreachableNotice>()
            .TellAsync(Scenario.Opened().Delivery, Cast.Dana, "anything", "403", CancellationToken.None);

        Assert.Empty(await NoticesAsync());
    }

    [Fact]
    public void A_payload_that_does_not_read_is_no_notice() => Assert.Null(OutboxKinds.Read(
        new OutboxMessage("D1:n", "D1", "dana", Notice.OutboxKind, "{not json", DateTimeOffset.UnixEpoch)));

    public async Task DisposeAsync() => await _bot.DisposeAsync();
}
