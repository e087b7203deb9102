using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Digest;

/// <summary>`digest on` / `digest off` as the organisation's settings decide them.</summary>
public sealed class DigestOptInTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static CommandMeta Meta(Person who, string id) => new(id, who, At, "test");

    [Fact]
    public void A_dm_opts_in_once_and_out_again()
    {
        var settings = new TenantSettings("contoso");

        var (on, first) = settings.Digest(on: true, [Role.DeliveryManager], Meta(Dana, "a"));
        Assert.Equal((OutcomeKind.Applied, 1L), (first.Kind, on.Version));
        Assert.Equal([Dana], on.DigestReaders);
        var (again, second) = on.Digest(on: true, [Role.DeliveryManager], Meta(Dana, "b"));
        Assert.Equal(OutcomeKind.AlreadyDecided, second.Kind);
        Assert.Same(on, again);

        var (off, stopped) = on.Digest(on: false, [Role.DeliveryManager], Meta(Dana, "c"));
        Assert.Equal((OutcomeKind.Applied, 2L), (stopped.Kind, off.Version));
        Assert.Empty(off.DigestReaders);
        Assert.Equal(OutcomeKind.AlreadyDecided, off.Digest(on: false, [], Meta(Dana, "d")).Outcome.Kind);
    }

    [Fact]
    public void Only_a_dm_may_opt_in_and_a_cto_is_told_they_get_it_anyway()
    {
        var settings = new TenantSettings("contoso");

        var (unchanged, refused) = settings.Digest(on: true, [Role.ProductionLineArchitect], Meta(Pablo, "a"));
        Assert.Equal(OutcomeKind.Forbidden, refused.Kind);
        Assert.Same(settings, unchanged);
        var (_, cto) = settings.Digest(on: true, [Role.Cto], Meta(Clara, "b"));
        Assert.Equal(OutcomeKind.AlreadyDecided, cto.Kind);
        Assert.StartsWith("As a CTO you already get the weekly digest", cto.Message, StringComparison.Ordinal);
    }
}
