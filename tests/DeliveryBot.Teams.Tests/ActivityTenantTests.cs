using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// Whose an activity is: Teams says it in channelData.tenant.id and in conversation.tenantId. Every tenant's records
/// are kept apart by it, so an odd channel data must never give a tenant the activity does not name.
/// </summary>
public sealed class ActivityTenantTests
{
    private static Activity From(string? channelData, string? conversationTenant = "conversation-tenant")
    {
        var data = channelData is null ? "" : $",\"channelData\":{channelData}";
        var tenant = conversationTenant is null ? "" : $",\"tenantId\":\"{conversationTenant}\"";
        var json = "{\"type\":\"message\"" + data + ",\"conversation\":{\"id\":\"a:1\"" + tenant + "}}";
        return ActivityJson.Parse(System.Text.Encoding.UTF8.GetBytes(json));
    }

    [Theory]
    [InlineData("""{"tenant":{"id":"t-1"}}""", "t-1")]
    [InlineData("""{"eventType":"x","team":{"id":"19:a"},"tenant":{"name":"n","id":"t-1"},"channel":{}}""", "t-1")]
    [InlineData("""{"Tenant":{"ID":"t-1"}}""", "t-1")] // another case, as the protocol's names are matched
    [InlineData("""{"tenant":{"id":"t-1"},"tenant":{"id":"t-2"}}""", "t-2")] // the last of a repeated name
    [InlineData("""{"tenant":{"id":""}}""", "")] // an empty one is still the channel data's
    public void The_tenant_is_the_channel_datas_where_it_names_one(string channelData, string expected)
        => Assert.Equal(expected, From(channelData).TenantId());

    [Theory]
    [InlineData(null)]
    [InlineData("""[{"tenant":{"id":"t-1"}}]""")]
    [InlineData("""{"team":{"id":"19:a"}}""")]
    [InlineData("""{"tenant":"t-1"}""")]
    [InlineData("""{"tenant":{"id":7}}""")]
    [InlineData("""{"tenant":{"id":null}}""")]
    [InlineData("""{"tenant":{"tenant":{"id":"t-1"}}}""")]
    [InlineData("""{"tenant":{}}""")]
    public void Else_it_is_the_conversations(string? channelData)
        => Assert.Equal("conversation-tenant", From(channelData).TenantId());

    [Fact]
    public void An_activity_that_names_none_has_none()
        => Assert.Null(From("""{"tenant":{"id":3}}""", conversationTenant: null).TenantId());
}
