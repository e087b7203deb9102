using DeliveryBot.Application.Deliveries;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// The layers keep to their side: the Bot Framework protocol knows nothing of deliveries (an SDK could take its place),
/// and the application knows nothing of Teams, databases or Graph (every adapter can be replaced).
/// </summary>
public sealed class LayerTests
{
    private static IReadOnlyList<string> References(Type inAssembly) => [.. inAssembly.Assembly.GetReferencedAssemblies().Select(a => a.Name!)];

    [Fact]
    public void The_channel_references_neither_the_domain_nor_the_application()
    {
        var references = References(typeof(Activity));

        Assert.Contains("Microsoft.IdentityModel.JsonWebTokens", references); // it is the protocol assembly
        Assert.DoesNotContain(references, r => r.StartsWith("DeliveryBot.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_application_references_the_domain_and_no_adapter()
    {
        var references = References(typeof(DeliveryService));

        Assert.Contains("DeliveryBot.Domain", references);
        Assert.DoesNotContain(references, r => r.StartsWith("DeliveryBot.", StringComparison.Ordinal) && r != "DeliveryBot.Domain");
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || r.StartsWith("Microsoft.Data", StringComparison.Ordinal)
            || r.StartsWith("Npgsql", StringComparison.Ordinal) || r.StartsWith("Quartz", StringComparison.Ordinal) || r.StartsWith("Microsoft.Graph", StringComparison.Ordinal));
    }
}
