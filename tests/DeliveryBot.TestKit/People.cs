using DeliveryBot.Domain.People;

namespace DeliveryBot.TestKit;

/// <summary>The seed's sample cast, plus an outsider who holds no role.</summary>
public static class Cast
{
    public static readonly Person Dana = new("oid-dana", "dana@contoso.test", "Dana");
    public static readonly Person Ivy = new("oid-ivy", "ivy@contoso.test", "Ivy");
    public static readonly Person Pablo = new("oid-pablo", "pablo@contoso.test", "Pablo");
    public static readonly Person Quinn = new("oid-quinn", "quinn@contoso.test", "Quinn");
    public static readonly Person Diego = new("oid-diego", "diego@contoso.test", "Diego");
    public static readonly Person Clara = new("oid-clara", "clara@contoso.test", "Clara");
    public static readonly Person Cora = new("oid-cora", "cora@client.test", "Cora");
    public static readonly Person Mallory = new("oid-mallory", "mallory@contoso.test", "Mallory");
    public static readonly Person Sam = new("oid-sam", "sam@contoso.test", "Sam");

    public static IEnumerable<Person> Everyone => [Dana, Ivy, Pablo, Quinn, Diego, Clara, Cora, Mallory];
}
