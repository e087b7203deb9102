// DeliveryBot host: the web process Teams talks to. Each layer registers itself; this file only wires them.
using DeliveryBot.Storage;
using DeliveryBot.Teams;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddDeliveryStorage(builder.Configuration, builder.Environment);
builder.Services.AddTeamsChannel(builder.Configuration, builder.Environment);

var app = builder.Build();

app.MapHealthChecks("/healthz");
app.MapTeamsChannel();

app.Run();

/// <summary>Exposed for WebApplicationFactory-based tests.</summary>
public partial class Program;
