using DeliveryBot.Application.Messages;
using DeliveryBot.Teams.Actions;
using DeliveryBot.Teams.Auth;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Commands;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Endpoint;
using DeliveryBot.Teams.Notifications;
using DeliveryBot.Teams.Reports;
using DeliveryBot.Teams.Turns;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Teams;

public static class DependencyInjection
{
    /// <summary>
    /// The Teams channel: /api/messages, inbound authentication, the Bot Connector client, the commands.
    /// </summary>
    public static IServiceCollection AddTeamsChannel(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<BotCredentials>().Bind(configuration)
            .Validate(c => environment.IsDevelopment() || c.HasAppId,
                "MicrosoftAppId is not set. Outside Development the bot refuses to start without its Azure Bot " +
                "registration (MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType, MicrosoftAppTenantId); " +
                "see the README.")
            .Validate(c => !c.IsSingleTenant || !string.IsNullOrWhiteSpace(c.MicrosoftAppTenantId),
                "MicrosoftAppType is SingleTenant, so MicrosoftAppTenantId must be set.")
            .ValidateOnStart();
        services.AddOptions<BotOptions>().BindConfiguration(BotOptions.Section)
            .Validate(
                o => Uri.TryCreate(o.OpenIdMetadataUrl, UriKind.Absolute, out _),
                "Bot:OpenIdMetadataUrl must be an absolute URL.")
            .Validate(
                o => o.TenantSendsPerSecond is > 0 and <= 50,
                "Bot:TenantSendsPerSecond must be between 1 and 50.")
            .Validate(
                o => o.MaxActivityBytes is >= 4 * 1024 and <= 4 * 1024 * 1024,
                "Bot:MaxActivityBytes must be between 4 KB and 4 MB.")
            .Validate(o => o.MaxRetries is >= 0 and <= 10, "Bot:MaxRetries must be between 0 and 10.")
            .Validate(
                o => o.RetryBaseDelay > TimeSpan.Zero && o.CallTimeout > TimeSpan.Zero,
                "Bot:RetryBaseDelay and Bot:CallTimeout must be positive.")
            .Validate(o => o.FirstContactCardsPerDay > 0, "Bot:FirstContactCardsPerDay must be at least 1.")
            .Validate(o => o.CommandsPerPerson > 0, "Bot:CommandsPerPerson must be at least 1.")
            .Validate(o => o.CommandWindow > TimeSpan.Zero, "Bot:CommandWindow must be longer than zero.")
            .ValidateOnStart();

        services.AddSingleton<BotTokenValidator>();
        services.AddHealthChecks().AddCheck<SigningKeysHealthCheck>(
            "signing-keys", tags: [Application.Telemetry.HealthTags.Ready]);
        services.AddSingleton(sp => new ServiceUrls
        {
            TrustAll = !sp.GetRequiredService<IOptions<BotCredentials>>().Value.HasAppId,
        });
        services.AddSingleton(sp => new SendRateLimiter(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<BotOptions>>().Value.TenantSendsPerSecond));
        services.AddSingleton(sp => ConnectorResilience.Build(
            sp.GetRequiredService<IOptions<BotOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAppTokenProvider, MsalAppTokenProvider>();
        // The connector sends through this name's handler chain (no HttpClient: see BotConnectorClient), and its
        // pipeline times each call. The factory's own loggers are removed: they wrote four Information lines per
        // call to Teams (two for every redraw and note behind a click) and wrapped each in scopes; a failed call is
        // logged by the sender, and each call is a span when tracing is on.
        services.AddHttpClient(BotConnectorClient.HttpClientName).RemoveAllLoggers();
        services.AddSingleton<IBotConnector, BotConnectorClient>();
        services.AddSingleton<ConversationReferences>();
        services.AddSingleton<ProactiveMessenger>();
        services.AddSingleton<PeopleLookup>();
        services.AddSingleton<PeopleSearch>();
        services.AddSingleton<MessagesEndpoint>();
        services.AddSingleton<StoppingSignal>();
        services.AddSingleton<StorageFaultAnswer>();
        services.AddSingleton<RuleViolationAnswer>();

        services.AddSingleton<CardTemplates>();
        services.AddSingleton<DeliveryCards>();
        services.AddSingleton<CardDrawer>();
        services.AddSingleton<CardPoster>();
        services.AddSingleton<DeliveryTenants>();
        services.AddSingleton<AwayNotice>();
        services.AddSingleton<FirstContactAllowance>();
        services.AddSingleton<CommandAllowance>();
        services.AddSingleton<ICardCatalog, TeamsCardCatalog>();
        services.AddSingleton<IMessageChannel, TeamsMessageChannel>();
        services.AddSingleton<IChatCommand, HelpChatCommand>();
        services.AddSingleton<IChatCommand, NewChatCommand>();
        services.AddSingleton<IChatCommand, ListChatCommand>();
        services.AddSingleton<IChatCommand, MineChatCommand>();
        services.AddSingleton<IChatCommand, StatusChatCommand>();
        services.AddSingleton<IChatCommand, RecordChatCommand>();
        services.AddSingleton<IChatCommand, ReviewChatCommand>();
        services.AddSingleton<IChatCommand, DoneChatCommand>();
        services.AddSingleton<IChatCommand, HistoryChatCommand>();
        services.AddSingleton<IChatCommand, UpdateChatCommand>();
        services.AddSingleton<IChatCommand, DelayChatCommand>();
        services.AddSingleton<IChatCommand, PlanChatCommand>();
        services.AddSingleton<IChatCommand, RiskChatCommand>();
        services.AddSingleton<IChatCommand, ReleaseChatCommand>();
        services.AddSingleton<IChatCommand, ReleasesChatCommand>();
        services.AddSingleton<MetricsCardSource>();
        services.AddSingleton<IChatCommand, MetricsChatCommand>();
        services.AddSingleton<IChatCommand, FreezeChatCommand>();
        services.AddSingleton<IChatCommand, DigestChatCommand>();
        services.AddSingleton<IChatCommand, ChangeFormChatCommand>();
        services.AddSingleton<IChatCommand, ChangesChatCommand>();
        services.AddSingleton<IChatCommand, CabChatCommand>();
        services.AddSingleton<IChatCommand, IncidentChatCommand>();
        services.AddSingleton<IChatCommand, PostmortemChatCommand>();
        services.AddSingleton<IChatCommand, SlaChatCommand>();
        services.AddSingleton<IChatCommand, BlockerChatCommand>();
        services.AddSingleton<IChatCommand, EscalateChatCommand>();
        services.AddSingleton<IChatCommand, ResolveChatCommand>();
        services.AddSingleton<IChatCommand, SkipChatCommand>();
        services.AddSingleton<IChatCommand, ReplanChatCommand>();
        services.AddSingleton<IChatCommand, CloseChatCommand>();
        services.AddSingleton<IChatCommand, DelegateChatCommand>();
        services.AddSingleton<IChatCommand, RemindersChatCommand>();
        services.AddSingleton<IChatCommand, PauseChatCommand>();
        services.AddSingleton<IChatCommand, ResumeChatCommand>();
        services.AddSingleton<IChatCommand, SignoffChatCommand>();
        services.AddSingleton<ChatCommandRouter>();
        AddCardsAndVerbs(services);
        services.AddSingleton<IVerbHandler, RefreshCardAction>();
        services.AddSingleton<IVerbHandler, OpenDeliveryAction>();
        services.AddSingleton<IVerbHandler, ShowIntakeFormAction>();
        services.AddSingleton<IVerbHandler, AssignStakeholderAction>();
        services.AddSingleton<IVerbHandler, ReviewIncidentAction>();
        services.AddSingleton<VerbRouter>();
        services.AddSingleton<IActivityHandler, DeliveryBotHandler>();
        services.AddHostedService<ChannelStartup>();
        return services;
    }

    /// <summary>
    /// Every card view and every card verb in this assembly: a new card is a template in cards/, a view and its
    /// verbs, with nothing to register by hand. Each verb runs behind the one pipeline, <see cref="CardVerbAction"/>.
    /// </summary>
    private static void AddCardsAndVerbs(IServiceCollection services)
    {
        // Top-level classes only: nested ones (a verb's helper, a lambda's closure) are not cards or verbs of
        // their own.
        var types = typeof(DependencyInjection).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsNested: false }
                && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false))
            .ToList();
        foreach (var view in types.Where(t => t.IsAssignableTo(typeof(IDeliveryCard))))
            services.AddSingleton(typeof(IDeliveryCard), view);
        foreach (var verb in types.Where(t => t.IsAssignableTo(typeof(ICardVerb))))
            services.AddSingleton<IVerbHandler>(sp => ActivatorUtilities.CreateInstance<CardVerbAction>(
                sp, (ICardVerb)ActivatorUtilities.CreateInstance(sp, verb)));
    }

    public static IEndpointRouteBuilder MapTeamsChannel(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(
            "/api/messages",
            (HttpRequest request, MessagesEndpoint endpoint, CancellationToken ct)
                => endpoint.HandleAsync(request, ct));
        return endpoints;
    }
}

/// <summary>Says loudly at start when authentication is off, so nobody runs that way by accident.</summary>
internal sealed partial class ChannelStartup(IOptions<BotCredentials> credentials, ILogger<ChannelStartup> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!credentials.Value.HasAppId) AuthenticationOff();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 2900, Level = LogLevel.Warning,
        Message = "AUTHENTICATION IS OFF: no MicrosoftAppId is configured, so /api/messages accepts unauthenticated " +
                  "activities. This is for local use with the Microsoft 365 Agents Playground only; " +
                  "set MicrosoftAppId and MicrosoftAppPassword for Teams.")]
    private partial void AuthenticationOff();
}
