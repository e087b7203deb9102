// DeliveryBot host: the web process Teams talks to. Each layer registers itself; this file only wires them.
using DeliveryBot.Application;
using DeliveryBot.Graph;
using DeliveryBot.Health;
using DeliveryBot.Limits;
using DeliveryBot.Runtime;
using DeliveryBot.Scheduling;
using DeliveryBot.Scheduling.Dashboard;
using DeliveryBot.SignOff;
using DeliveryBot.Tab;
using DeliveryBot.Storage;
using DeliveryBot.Teams;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Telemetry;

// Tools run instead of the bot. For card authors: dotnet run --project src/DeliveryBot -- render-card <template> [data]
if (args is ["render-card", .. var cardArgs]) return RenderCard.Run(cardArgs, Console.Out, Console.Error);
// For Teams admins:
// dotnet run --project src/DeliveryBot -- package-manifest --app-id <guid> [--bot-id <guid>] [--out appPackage.zip]
if (args is ["package-manifest", .. var packageArgs])
    return DeliveryBot.Teams.Manifest.PackageManifest.Run(packageArgs, Console.Out, Console.Error);

// Signing keys fetched again in the request that needs them: when the Bot Connector rotates its keys, the first
// activity signed by the new key asks for a refresh and must be checked against the keys that refresh brings. By
// default IdentityModel refreshes in the background and that activity was refused (401). A refresh is still asked for
// at most once per 5 minutes, so tokens naming unknown keys cannot make the bot fetch on every request.
AppContext.SetSwitch("Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking", true);
// Two workers at least, on a one-core host too: a click must not wait behind a save's disk sync (ThreadPoolFloor).
ThreadPoolFloor.Raise();

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddDeliveryApplication();
builder.Services.AddDeliveryStorage(builder.Configuration, builder.Environment);
builder.Services.AddDeliveryGraph(builder.Configuration); // optional: only with Graph settings
builder.Services.AddTeamsChannel(builder.Configuration, builder.Environment);
builder.Services.AddClientSignOff(builder.Configuration, builder.Environment); // the client's sign-off page
builder.Services.AddDeliveryTab(builder.Configuration, builder.Environment); // the tab in Teams and its sign-in
builder.Services.AddPageLimits(builder.Configuration); // requests a minute to the tab and sign-off pages, per caller
// last: the scheduler starts once the rest is up
builder.Services.AddDeliveryScheduling(builder.Configuration, builder.Environment);
builder.Services.AddDeliveryHealth();
builder.Services.AddDeliveryTelemetry(builder.Configuration, builder.Environment); // off unless OTEL_* says where

var app = builder.Build();

app.UseRateLimiter(); // after sign-in (added by the host first): the tab is limited per person
app.MapDeliveryHealth(); // /healthz, /healthz/live, /healthz/ready
app.MapTeamsChannel();
app.MapClientSignOff(); // /signoff/{token}
app.MapDeliveryTab(); // /tab, /tab/config, /tab/api/*
app.MapOperatorDashboard(); // /hangfire, only when Dashboard:Enabled

app.Run();
return 0;

/// <summary>Exposed for WebApplicationFactory-based tests.</summary>
public partial class Program;
