using DeliveryBot.Teams.Protocol;
using DeliveryBot.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace DeliveryBot.Bench;

/// <summary>
/// The floor a bot endpoint cannot go below: a plain ASP.NET Core minimal API that reads the activity, parses it with
/// the same source-generated JSON, validates the same Bot Connector token against the same (cached) signing keys and
/// the serviceurl claim, and answers a fixed invoke response. No storage, no cards, no bot.
/// </summary>
internal sealed class BareEndpoint : IAsyncDisposable
{
    private const string Answer = """{"statusCode":200,"type":"application/vnd.microsoft.activity.message","value":"ok"}""";
    private readonly LoopbackServer _server;

    private BareEndpoint(LoopbackServer server) => _server = server;

    public Uri Url => new(_server.Address, "api/messages");

    public static bool Accepts(string body) => body == Answer;

    public static async Task<BareEndpoint> StartAsync(Uri metadataUrl, string appId)
    {
        var metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            metadataUrl.ToString(),
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = false });
        var handler = new JsonWebTokenHandler();
        var server = await LoopbackServer.StartAsync(app => app.MapPost("/api/messages", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var activity = ActivityJson.Parse(body.GetBuffer().AsSpan(0, (int)body.Length));
            var header = context.Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal)) return Results.Unauthorized();
            var config = await metadata.GetConfigurationAsync(context.RequestAborted);
            var result = await handler.ValidateTokenAsync(header["Bearer ".Length..], new TokenValidationParameters
            {
                ValidIssuer = TestSigningKeys.Issuer,
                ValidAudience = appId,
                IssuerSigningKeys = config.SigningKeys,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromMinutes(5),
            });
            if (!result.IsValid || result.ClaimsIdentity.FindFirst("serviceurl")?.Value != activity.ServiceUrl)
                return Results.Unauthorized();
            return Results.Text(Answer, "application/json");
        }));
        return new BareEndpoint(server);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
