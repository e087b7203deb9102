using DeliveryBot.Application.Deliveries;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Application;

public static class DependencyInjection
{
    /// <summary>The use cases the adapters call.</summary>
    public static IServiceCollection AddDeliveryApplication(this IServiceCollection services)
    {
        services.AddSingleton<DeliveryService>();
        services.AddSingleton<Reminders.ReminderSweep>();
        return services;
    }
}
