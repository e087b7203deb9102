using DeliveryBot.Application.Deliveries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DeliveryBot.Application;

public static class DependencyInjection
{
    /// <summary>The use cases the adapters call.</summary>
    public static IServiceCollection AddDeliveryApplication(this IServiceCollection services)
    {
        services.AddSingleton<DeliveryService>();
        services.AddSingleton<Reminders.ReminderSweep>();
        services.TryAddSingleton<Directory.IPeopleDirectory, Directory.NoDirectory>(); // until a directory adapter is configured
        return services;
    }
}
