using System.Net;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Lifecycle;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;
using static DeliveryBot.Tests.SignOff.SignOffRequests;

namespace DeliveryBot.Tests.SignOff;

/// <summary>
/// The sign-off page over HTTP: a working link shows the handover and takes the client's acknowledgement once, as the
/// client contact; every link that does not work (forged, wrong key, expired, used, revoked, tampered, the delivery
/// closed or already acknowledged) gets the same refusal and changes nothing.
/// </summary>
public sealed class SignOffPageTests : IAsyncLifetime
{
    private SignOffBot _bot = null!;
    private HttpClient _http = null!;
    private string _refusal = "";

    public async Task InitializeAsync()
    {
        _bot = await SignOffBot.StartAsync();
        _http = _bot.Factory.CreateClient();
        _refusal = await (await _http.GetAsync("/signoff/k2.nothing.here")).Content.ReadAsStringAsync();
        Assert.Contains("This link does not work", _refusal, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _bot.DisposeAsync();
    }

    [Fact]
    public async Task The_page_shows_the_handover_package_the_client_and_the_dm_with_strict_headers()
    {
        var path = await _bot.IssueAsync();

        using var page = await _http.GetAsync(path);

        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Contoso Ltd", html, StringComparison.Ordinal);
        Assert.Contains("Dana", html, StringComparison.Ordinal);
        Assert.Contains("Invoice Triage Agent", html, StringComparison.Ordinal);
        foreach (var part in new[] { Scenario().ScopeConfirmation, Scenario().SupportAndNextSteps })
            Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(part), html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"received\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        AssertStrictHeaders(page);
        using var css = await _http.GetAsync("/signoff/signoff.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        AssertStrictHeaders(css);
    }

    [Fact]
    public async Task The_answer_passes_gate_6_as_the_client_with_its_evidence_and_the_link_then_refuses()
    {
        var path = await _bot.IssueAsync();

        using var answer = await _http.SendAsync(Answer(path));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Thank you", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var delivery = (await _bot.FindAsync())!;
        var ack = delivery.State.ClientAcknowledgement!;
        Assert.Equal(Cora, ack.RecordedBy);
        Assert.Equal(("Satisfied", "All good"), (ack.Satisfaction, ack.Feedback));
        Assert.Equal("L1", ack.SignedOff!.LinkId);
        Assert.Equal("SignOffTest/1.0", ack.SignedOff.UserAgent);
        Assert.Equal(StageState.Passed, delivery.Progress(Stage.ClientHandover).State);
        Assert.Equal(Cora, delivery.DecisionFor(Checks.ClientReceipt)!.By);
        Assert.NotNull(delivery.State.SignOffLinks[0].UsedAt);
        await AssertRefusedAsync(path);
    }

    [Fact]
    public async Task Two_answers_racing_on_one_link_acknowledge_once()
    {
        var path = await _bot.IssueAsync();

        var answers = await Task.WhenAll(_http.SendAsync(Answer(path)), _http.SendAsync(Answer(path)));

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.NotFound], answers.Select(a => a.StatusCode).Order().ToArray());
        var delivery = (await _bot.FindAsync())!;
        Assert.Single(delivery.State.Audit, e => e.Action == "acknowledge-receipt");
    }

    [Fact]
    public async Task A_forged_signature_is_refused()
    {
        var token = TokenOf(await _bot.IssueAsync());
        await AssertRefusedAsync($"/signoff/{token[..^4]}AAAA");
    }

    [Fact]
    public async Task A_key_id_the_bot_does_not_have_is_refused()
    {
        var token = TokenOf(await _bot.IssueAsync());
        await AssertRefusedAsync($"/signoff/k9{token[2..]}");
    }

    [Fact]
    public async Task A_link_signed_with_the_previous_key_still_works()
    {
        var path = await _bot.IssueAsync();
        var old = new Application.SignOff.SignOffTokens(new Application.SignOff.SignOffKeys(
            new Dictionary<string, byte[]> { ["k1"] = Convert.FromBase64String(SignOffBot.OldSecret) }, "k1"));
        var delivery = (await _bot.FindAsync())!;
        var link = delivery.State.SignOffLinks[0];
        var token = old.Write(new(SignOffBot.Contoso, "D1", link.Id, link.ExpiresAt));
        Assert.NotEqual(TokenOf(path), token);

        using var answer = await _http.SendAsync(Answer($"/signoff/{token}"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task An_expired_link_is_refused()
    {
        var path = await _bot.IssueAsync();
        _bot.Clock.Advance(TimeSpan.FromDays(14));
        await AssertRefusedAsync(path);
    }

    [Fact]
    public async Task A_revoked_link_is_refused()
    {
        var path = await _bot.IssueAsync();
        Assert.True((await _bot.RunAsync(new RevokeSignOffLinks(), Dana)).Outcome.Changed);
        await AssertRefusedAsync(path);
    }

    [Fact]
    public async Task A_link_is_refused_once_the_client_acknowledged_in_teams()
    {
        var path = await _bot.IssueAsync();
        Assert.True((await _bot.RunAsync(new AcknowledgeReceipt("Thanks", "Satisfied"), Cora)).Outcome.Changed);
        await AssertRefusedAsync(path);
    }

    [Fact]
    public async Task A_link_of_a_closed_delivery_is_refused()
    {
        var path = await _bot.IssueAsync();
        var delivery = (await _bot.FindAsync())!;
        var store = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Application.Storage.IDeliveryStore>(_bot.Services);
        // closed by whatever means: the page only reads that it is
        var closed = Domain.Deliveries.Delivery.Restore(
            delivery.State with { ClosedAt = _bot.Clock.GetUtcNow(), Version = delivery.Version + 1 });
        await store.SaveAsync(closed, delivery.Version, _bot.Clock.GetUtcNow());
        await AssertRefusedAsync(path);
    }

    [Fact]
    public async Task A_token_with_its_tenant_or_delivery_changed_is_refused_and_the_other_organisation_untouched()
    {
        var contoso = TokenOf(await _bot.IssueAsync());
        await _bot.IssueAsync(SignOffBot.Fabrikam);
        var parts = contoso.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        foreach (var forged in new[]
            { payload.Replace(SignOffBot.Contoso, SignOffBot.Fabrikam), payload.Replace("\nD1\n", "\nD2\n") })
        {
            var encoded = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(forged));
            await AssertRefusedAsync($"/signoff/{parts[0]}.{encoded}.{parts[2]}");
        }
        Assert.Null((await _bot.FindAsync(SignOffBot.Fabrikam))!.State.ClientAcknowledgement);
        var page = await (await _http.GetAsync($"/signoff/{contoso}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Fabrikam", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_posted_from_another_site_or_without_the_pages_token_changes_nothing()
    {
        var path = await _bot.IssueAsync();
        var version = (await _bot.FindAsync())!.Version;

        using var crossSite = await _http.SendAsync(Answer(path, site: "cross-site"));
        var foreign = Answer(path);
        foreign.Headers.Remove("Sec-Fetch-Site");
        foreign.Headers.Add("Origin", "https://evil.example");
        using var fromElsewhere = await _http.SendAsync(foreign);
        using var noToken = await _http.SendAsync(Answer(path, token: ""));

        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, fromElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noToken.StatusCode);
        Assert.Equal(version, (await _bot.FindAsync())!.Version);
    }

    [Fact]
    public async Task An_answer_without_the_confirmation_or_with_too_long_feedback_keeps_the_form()
    {
        var path = await _bot.IssueAsync();
        var version = (await _bot.FindAsync())!.Version;

        using var unticked = await _http.SendAsync(Answer(path, received: false));
        using var tooLong = await _http.SendAsync(Answer(path, feedback: new string('x', 2001)));

        Assert.Equal(HttpStatusCode.BadRequest, unticked.StatusCode);
        Assert.Contains("tick the box", await unticked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("too long", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(version, (await _bot.FindAsync())!.Version);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(Answer(path))).StatusCode);
    }

    private static Domain.Record.HandoverPackage Scenario() => TestKit.Scenario.SamplePackage;

    /// <summary>The one refusal page for both a visit and an answer, and the record as it was.</summary>
    private async Task AssertRefusedAsync(string path)
    {
        var before = (await _bot.FindAsync())!.Version;
        using var visit = await _http.GetAsync(path);
        using var answer = await _http.SendAsync(Answer(path));

        Assert.Equal(HttpStatusCode.NotFound, visit.StatusCode);
        Assert.Equal(_refusal, await visit.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal(_refusal, await answer.Content.ReadAsStringAsync());
        AssertStrictHeaders(visit);
        Assert.Equal(before, (await _bot.FindAsync())!.Version);
    }

    private static void AssertStrictHeaders(HttpResponseMessage response)
    {
        Assert.Equal(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                + "base-uri 'none'",
            response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(response.Headers.CacheControl!.NoStore);
    }
}
