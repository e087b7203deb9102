using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DeliveryBot.Application;

public static class DependencyInjection
{
    /// <summary>
    /// The use cases the adapters call, and the one dispatcher that sends what they write to the outbox.
    /// </summary>
    public static IServiceCollection AddDeliveryApplication(this IServiceCollection services)
    {
        services.AddSingleton<DeliveryService>();
        services.AddSingleton<ChangeFreezeService>();
        services.TryAddSingleton(new OpeningAllowance());
        services.AddSingleton<Reminders.ReminderSweep>();
        services.AddSingleton<Digest.DigestSweep>();
        services.AddSingleton<Metrics.OrganisationMetrics>();
        services.AddSingleton<Portfolio.PortfolioReader>();
        services.AddSingleton<FanOutPlanner>();
        services.AddSingleton<UnreachableNotice>();
        services.AddSingleton<LivingCards>();
        services.AddSingleton<ClientMessageSender>();
        // until the host sets sign-off links up: `signoff` says they are off
        services.TryAddSingleton(SignOff.SignOffSetup.Off);
        services.AddSingleton<SignOff.ClientSignOff>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<IOutboxSender>(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<IOutboxSignal>(sp => new DeferredSignal(sp.GetRequiredService<OutboxDispatcher>));
        services.AddSingleton<OutboxRetention>();
        // until a channel with cards is added
        services.TryAddSingleton<ICardCatalog, NoCards>();
        // until a directory adapter is configured
        services.TryAddSingleton<Directory.IPeopleDirectory, Directory.NoDirectory>();
        // until Graph is configured: client messages go in Teams, or the DM marks them sent
        services.TryAddSingleton<IClientMail, NoClientMail>();
        return services;
    }
}
