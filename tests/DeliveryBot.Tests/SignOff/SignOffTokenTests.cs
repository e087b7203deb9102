using System.Buffers.Text;
using System.Text;
using DeliveryBot.Application.SignOff;

namespace DeliveryBot.Tests.SignOff;

/// <summary>The token codec alone: what it signs it reads back, under any key it still has, and nothing else.</summary>
public sealed class SignOffTokenTests
{
    private static readonly byte[] Old = Convert.FromBase64String(SignOffBot.OldSecret);
    private static readonly byte[] New = Convert.FromBase64String(SignOffBot.Secret);
    private static readonly SignOffToken Sample =
        new("tenant-contoso", "D1", "L1", DateTimeOffset.UnixEpoch.AddYears(57));

    private static SignOffTokens Codec(string signer, params (string Id, byte[] Secret)[] keys)
        => new(new SignOffKeys(keys.ToDictionary(k => k.Id, k => k.Secret), signer));

    [Fact]
    public void A_token_reads_back_as_written()
        => Assert.Equal(Sample, Codec("k1", ("k1", Old)).Read(Codec("k1", ("k1", Old)).Write(Sample)));

    [Fact]
    public void A_rotated_key_still_verifies_its_links_until_it_is_removed()
    {
        var before = Codec("k1", ("k1", Old)).Write(Sample);
        var rotated = Codec("k2", ("k1", Old), ("k2", New));

        Assert.Equal(Sample, rotated.Read(before));
        Assert.StartsWith("k2.", rotated.Write(Sample), StringComparison.Ordinal);
        Assert.Null(Codec("k2", ("k2", New)).Read(before));
    }

    [Fact]
    public void The_same_key_id_with_another_secret_does_not_verify()
        => Assert.Null(Codec("k1", ("k1", New)).Read(Codec("k1", ("k1", Old)).Write(Sample)));

    [Theory]
    [InlineData("")]
    [InlineData("k1")]
    [InlineData("k1..")]
    [InlineData("k1.a.b.c")]
    [InlineData("../k1.x.y")]
    public void Anything_not_shaped_as_a_token_reads_as_null(string text)
        => Assert.Null(Codec("k1", ("k1", Old)).Read(text));

    [Fact]
    public void A_changed_tenant_delivery_link_or_expiry_breaks_the_signature()
    {
        var codec = Codec("k1", ("k1", Old));
        var parts = codec.Write(Sample).Split('.');
        var changes = new[]
        {
            ("tenant-contoso", "tenant-fabrikam"), ("\nD1\n", "\nD2\n"), ("\nL1\n", "\nL2\n"),
            ("\n1798761600", "\n1898761600"),
        };
        foreach (var (from, to) in changes)
        {
            var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
            Assert.Contains(from, payload, StringComparison.Ordinal);
            var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.Replace(from, to)));
            Assert.Null(codec.Read($"{parts[0]}.{forged}.{parts[2]}"));
        }
    }

    [Fact]
    public void A_signature_flipped_or_cut_does_not_verify()
    {
        var codec = Codec("k1", ("k1", Old));
        var token = codec.Write(Sample);
        var last = token[^1] == 'A' ? 'B' : 'A';

        Assert.Null(codec.Read(token[..^1] + last));
        Assert.Null(codec.Read(token[..^2]));
        Assert.Null(codec.Read(token + "AA"));
        Assert.Null(codec.Read(new string('a', SignOffTokens.MaxLength + 1)));
    }

    [Fact]
    public void Keys_shorter_than_32_bytes_or_with_odd_ids_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Codec("k1", ("k1", new byte[31])));
        Assert.Throws<ArgumentException>(() => Codec("k.1", ("k.1", Old)));
        Assert.Throws<ArgumentException>(() => Codec("k3", ("k1", Old)));
    }
}
