using System.Text.Json;
using DeliveryBot.Application.Digest;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Tests.Cards;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// The weekly digest through real activities and the sweep the scheduler runs: `digest on` / `digest off` by a DM
/// (the wrong person refused, the CTO told they get it anyway), then one digest per reader per week however often the
/// sweep runs, each organisation's readers their own. The clock is Monday 2 March 2026, 11:00 London: past 09:00.
/// </summary>
public sealed class WeeklyDigestTests : DeliveryCardClicks
{
    private const string Fabrikam = "tenant-fabrikam";
    private int _said;

    private async Task<string> SayTextAsync(Person who, string text)
    {
        var id = $"said-{++_said}";
        using var response = await PostAsync(Activities.Message(Connector.ServiceUrl, text, id: id,
            fromOid: who.ObjectId!, fromName: who.DisplayName));
        Assert.True(response.IsSuccessStatusCode, $"the bot answered {(int)response.StatusCode}");
        var reply = Connector.Sends.Last(c => c.Path.EndsWith($"/activities/{id}", StringComparison.Ordinal));
        return JsonDocument.Parse(reply.Body).RootElement.GetProperty("text").GetString()!;
    }

    private Task<(int Written, string? Next)> SweepAsync()
        => Bot.Services.GetRequiredService<DigestSweep>().RunAsync(after: null, limit: 100, CancellationToken.None);

    /// <summary>The digests in the outbox of a delivery, by key.</summary>
    private async Task<List<string>> DigestsAsync(string deliveryKey)
        => [.. (await Bot.Services.GetRequiredService<IOutbox>().ForDeliveryAsync(deliveryKey))
            .Select(i => i.Message.IdempotencyKey)
            .Where(k => k.StartsWith("digest:", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_dm_opts_in_and_out_and_nobody_else_can()
    {
        await StoreAsync(Scenario.Opened().Planned());

        var on = await SayTextAsync(Dana, "digest on");
        Assert.StartsWith("✅ Weekly digest on: every Monday at 09:00 your time", on, StringComparison.Ordinal);
        // said in words: a command in backticks came out escaped, with a stray backslash
        Assert.EndsWith("Type digest off to stop it.", on, StringComparison.Ordinal);
        Assert.StartsWith("ℹ️ You already get the weekly digest", await SayTextAsync(Dana, "digest ON"),
            StringComparison.Ordinal);
        Assert.StartsWith("You get the weekly digest", await SayTextAsync(Dana, "digest"), StringComparison.Ordinal);
        Assert.StartsWith("🚫 Only a Delivery Manager of one of your organisation's open deliveries",
            await SayTextAsync(Pablo, "digest on"), StringComparison.Ordinal);
        Assert.StartsWith("ℹ️ As a CTO you already get the weekly digest", await SayTextAsync(Clara, "digest on"),
            StringComparison.Ordinal);
        Assert.StartsWith("Type `digest on | digest off`", await SayTextAsync(Dana, "digest weekly"),
            StringComparison.Ordinal);
        Assert.StartsWith("✅ Weekly digest off", await SayTextAsync(Dana, "digest off"), StringComparison.Ordinal);
        Assert.StartsWith("ℹ️ You do not get the weekly digest", await SayTextAsync(Dana, "digest off"),
            StringComparison.Ordinal);
        Assert.Empty((await Bot.Services.GetRequiredService<ITenantSettingsStore>().GetAsync(Contoso.Tenant))
            .DigestReaders);
    }

    [Fact]
    public async Task Each_reader_gets_one_digest_a_week_however_often_the_sweep_runs()
    {
        await StoreAsync(Scenario.Opened().Planned());
        await StoreFabrikamAsync();
        await SayTextAsync(Dana, "digest on");

        Assert.Equal(3, (await SweepAsync()).Written);
        Assert.Equal(0, (await SweepAsync()).Written);
        Assert.Equal(
            [$"digest:{Contoso.Tenant}:oid-clara:2026-W10", $"digest:{Contoso.Tenant}:oid-dana:2026-W10"],
            await DigestsAsync(Contoso.Key("D1")));
        // Fabrikam's CTO is Clara by the same id: her digest there is Fabrikam's, and Dana did not ask there
        Assert.Equal([$"digest:{Fabrikam}:oid-clara:2026-W10"], await DigestsAsync($"{Fabrikam}/D1"));

        // later the same week: nothing more; the next Monday before 09:00: nothing yet; after it, the new week
        Clock.Advance(TimeSpan.FromDays(4));
        Assert.Equal(0, (await SweepAsync()).Written);
        Clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromHours(3)); // Monday 9 March 08:00 London
        Assert.Equal(0, (await SweepAsync()).Written);
        await SayTextAsync(Dana, "digest off");
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, (await SweepAsync()).Written);
        Assert.Equal(0, (await SweepAsync()).Written);
        Assert.Contains($"digest:{Contoso.Tenant}:oid-clara:2026-W11", await DigestsAsync(Contoso.Key("D1")));
        Assert.DoesNotContain($"digest:{Contoso.Tenant}:oid-dana:2026-W11", await DigestsAsync(Contoso.Key("D1")));
    }

    [Fact]
    public async Task The_digest_is_sent_to_the_reader_as_a_notice()
    {
        await StoreAsync(Scenario.Opened().Planned());
        await SweepAsync();

        var row = Assert.Single(await Bot.Services.GetRequiredService<IOutbox>().ForDeliveryAsync(Contoso.Key("D1")),
            i => i.Message.IdempotencyKey.StartsWith("digest:", StringComparison.Ordinal));
        var notice = Assert.IsType<Notice>(OutboxKinds.Read(row.Message));
        Assert.True(notice.Recipient.IsSameAs(Clara));
        Assert.StartsWith("**Weekly digest, week of Mon 2 Mar** (2026-W10): 1 open delivery where you are CTO.",
            notice.Markdown, StringComparison.Ordinal);
        // nothing late yet, and production starts next Monday
        Assert.Contains("**Milestones due this week** (0)", notice.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Fabrikam", notice.Markdown, StringComparison.Ordinal);
    }

    /// <summary>Fabrikam's D1: planned like Contoso's (Dana its DM, Clara its CTO, by the same Entra ids).</summary>
    private async Task StoreFabrikamAsync()
    {
        await Store.SaveAsync(Support.Fabrikam.PlannedD1(), 0, Scenario.Start);
    }
}
