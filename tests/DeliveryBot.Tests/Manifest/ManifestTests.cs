using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using DeliveryBot.Teams.Manifest;
using DeliveryBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using DeliveryBot.Teams.Commands;

namespace DeliveryBot.Tests.Manifest;

/// <summary>
/// The Teams app package: built by `package-manifest`, its manifest valid against Microsoft's official schema (run in
/// node with ajv), its icons the sizes Teams requires, its command menu naming exactly the bot's commands.
/// </summary>
public sealed class ManifestTests(BotFactory factory) : IClassFixture<BotFactory>, IDisposable
{
    private const string AppId = "8f4b1c2e-1111-4222-8333-944455556666";
    private const string BotId = "2b7e9d10-aaaa-4bbb-8ccc-0123456789ab";
    private readonly string _directory = Directory.CreateTempSubdirectory("deliverybot-manifest-").FullName;

    private string Package(params string[] extra)
    {
        var zip = Path.Combine(_directory, "appPackage.zip");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = PackageManifest.Run(
            ["--app-id", AppId, "--bot-id", BotId, "--out", zip, "--manifest-dir", Repo("manifest"), .. extra], output,
            error);
        Assert.True(code == 0, error.ToString());
        return zip;
    }

    private static JsonElement Manifest(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        using var stream = archive.GetEntry("manifest.json")!.Open();
        return JsonDocument.Parse(stream).RootElement.Clone();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_packaged_manifest_validates_against_microsofts_schema(bool withTab)
    {
        var zip = withTab
            ? Package("--website", "https://delivery.contoso.com/", "--host", "bot.contoso.com")
            : Package("--website", "https://delivery.contoso.com/");
        var manifestFile = Path.Combine(_directory, "manifest.json");
        await File.WriteAllTextAsync(manifestFile, Manifest(zip).GetRawText());

        var info = new ProcessStartInfo("node", [Repo("tests", "node", "validate-manifest.js"), manifestFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repo("tests", "node"),
        };
        using var node = Process.Start(info)!;
        var stdout = await node.StandardOutput.ReadToEndAsync();
        var stderr = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();

        Assert.True(stdout.StartsWith('{'), $"validate-manifest.js failed: {stderr}");
        var result = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("1.24", result.GetProperty("version").GetString());
        Assert.True(result.GetProperty("errors").GetArrayLength() == 0,
            string.Join("\n", result.GetProperty("errors").EnumerateArray()));
        Assert.Equal(0, node.ExitCode);
    }

    [Fact]
    public void The_ids_and_website_are_filled_in_and_the_package_holds_the_icons()
    {
        var zip = Package("--website", "https://delivery.contoso.com/");

        var manifest = Manifest(zip);
        Assert.Equal(AppId, manifest.GetProperty("id").GetString());
        Assert.Equal(BotId, manifest.GetProperty("bots")[0].GetProperty("botId").GetString());
        Assert.Equal(
            $"api://botid-{BotId}", manifest.GetProperty("webApplicationInfo").GetProperty("resource").GetString());
        Assert.Equal(
            "https://delivery.contoso.com/", manifest.GetProperty("developer").GetProperty("privacyUrl").GetString());
        Assert.DoesNotContain("{{", manifest.GetRawText(), StringComparison.Ordinal);
        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName)
            .Order(StringComparer.Ordinal));
    }

    [Fact]
    public void With_a_host_the_package_has_the_personal_tab_the_chat_tab_and_single_sign_on_for_it()
    {
        var manifest = Manifest(Package("--host", "bot.contoso.com"));

        var personal = manifest.GetProperty("staticTabs").EnumerateArray().ToList();
        Assert.Equal(["conversations", "portfolio"], personal.Select(t => t.GetProperty("entityId").GetString()));
        Assert.Equal("https://bot.contoso.com/tab", personal[1].GetProperty("contentUrl").GetString());
        var configurable = Assert.Single(manifest.GetProperty("configurableTabs").EnumerateArray());
        Assert.Equal("https://bot.contoso.com/tab/config", configurable.GetProperty("configurationUrl").GetString());
        Assert.Equal(["team", "groupChat"], configurable.GetProperty("scopes").EnumerateArray()
            .Select(s => s.GetString()));
        Assert.Contains("bot.contoso.com", manifest.GetProperty("validDomains").EnumerateArray()
            .Select(d => d.GetString()));
        var sso = manifest.GetProperty("webApplicationInfo");
        Assert.Equal((BotId, $"api://bot.contoso.com/{BotId}"),
            (sso.GetProperty("id").GetString(), sso.GetProperty("resource").GetString()));
        // without a host there is no tab to point at
        Assert.False(Manifest(Package()).TryGetProperty("staticTabs", out _));
    }

    [Theory]
    [InlineData(null, "appPackage.zip")]
    [InlineData("dist/deliverybot.zip", "dist/deliverybot.zip")]
    public void A_relative_out_lands_beside_the_manifest_folder_not_where_dotnet_run_starts_the_project(
        string? @out, string expected)
    {
        var checkout = Path.Combine(_directory, "checkout");
        Directory.CreateDirectory(Path.Combine(checkout, "manifest"));
        Directory.CreateDirectory(Path.Combine(checkout, "dist"));
        foreach (var file in new[] { "manifest.json", "color.png", "outline.png" })
            File.Copy(Repo("manifest", file), Path.Combine(checkout, "manifest", file));
        string[] args = [
            "--app-id", AppId, "--manifest-dir", Path.Combine(checkout, "manifest") + Path.DirectorySeparatorChar];
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(0, PackageManifest.Run(@out is null ? args : [.. args, "--out", @out], output, error));
        var written = Path.Combine(checkout, expected);
        Assert.True(File.Exists(written), $"expected {written}; the tool said: {output}{error}");
        Assert.Contains(written, output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("color.png", 192)]
    [InlineData("outline.png", 32)]
    public void The_icons_are_the_sizes_teams_requires(string icon, int size)
    {
        var png = File.ReadAllBytes(Repo("manifest", icon));

        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }),
            $"{icon} is not a PNG");
        Assert.Equal((size, size), ((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)),
            (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20))));
        if (icon == "outline.png") Assert.Equal(6, png[25]); // RGBA: Teams wants the outline white on transparent
    }

    /// <summary>Commands the menus leave out: Teams takes ten a list, and every list is full.</summary>
    private static readonly string[] NoRoomInTheMenu =
        ["history", "review", "done", "skip", "delay", "cab", "release", "releases", "freeze", "incident",
            "postmortem", "sla", "digest", "metrics", "signoff"];

    [Fact]
    public void The_command_menu_names_exactly_the_bots_commands_at_most_ten_per_list()
    {
        var handlers = factory.Services.GetServices<IChatCommand>().Select(c => c.Name)
            .ToHashSet(StringComparer.Ordinal);
        var lists = Manifest(Package()).GetProperty("bots")[0].GetProperty("commandLists").EnumerateArray().ToList();

        Assert.All(lists, l => Assert.InRange(l.GetProperty("commands").GetArrayLength(), 1, 10));
        var listed = lists.SelectMany(l => l.GetProperty("commands").EnumerateArray()
            .Select(c => c.GetProperty("title").GetString()!)).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(listed.Except(handlers));   // the menu offers nothing the bot does not handle
        // every command the bot handles is in some menu, but for those no list had room for (help lists them)
        Assert.Empty(handlers.Except(listed).Except(NoRoomInTheMenu));
        // and only while every list is full: a list with room takes them
        Assert.All(lists, l => Assert.Equal(10, l.GetProperty("commands").GetArrayLength()));
    }

    [Theory]
    [InlineData(new[] { "--app-id", "not-a-guid" }, 1, "is not a GUID")]
    [InlineData(new[] { "--app-id", AppId, "--bot-id", "12345" }, 1, "--bot-id '12345' is not a GUID")]
    [InlineData(new[] { "--app-id", AppId, "--website", "http://insecure.example" }, 1, "is not an https URL")]
    [InlineData(new[] { "--app-id", AppId, "--host", "https://bot.contoso.com/" }, 1, "is not a host name")]
    [InlineData(new[] { "--bot-id", BotId }, 2, "Usage: package-manifest")]
    [InlineData(new[] { "--app-id", AppId, "--colour", "red" }, 2, "unknown option --colour")]
    public void Bad_arguments_are_refused_with_a_clear_message_and_write_nothing(
        string[] args, int code, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var zip = Path.Combine(_directory, "bad.zip");

        Assert.Equal(
            code, PackageManifest.Run([.. args, "--out", zip, "--manifest-dir", Repo("manifest")], output, error));
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(zip));
    }

    [Theory]
    [InlineData(
        new[] { "--app-id", "00000000-0000-0000-0000-000000000000", "--out", "{zip}", "--manifest-dir", "{manifest}" },
        1, "--app-id is the all-zero GUID, which Teams rejects")]
    [InlineData(
        new[] { "--app-id", "00000000000000000000000000000000", "--out", "{zip}", "--manifest-dir", "{manifest}" }, 1,
        "--app-id is the all-zero GUID")]
    [InlineData(new[] { "--app-id", AppId, "--bot-id", "00000000-0000-0000-0000-000000000000", "--out", "{zip}",
        "--manifest-dir", "{manifest}" }, 1, "--bot-id is the all-zero GUID")]
    [InlineData(new[] { "--app-id", AppId, "--out", "{zip}", "--manifest-dir", "/" }, 1,
        "'/' is not a manifest folder (no manifest.json, color.png, outline.png)")]
    [InlineData(new[] { "--app-id", AppId, "--out", "{zip}", "--manifest-dir", "{empty}" }, 1,
        "is not a manifest folder (no manifest.json, color.png, outline.png)")]
    [InlineData(new[] { "--app-id", AppId, "--out", "{zip}", "--manifest-dir", "{zip}" }, 1, "is not a folder")]
    [InlineData(
        new[] { "--app-id", AppId, "--out", "{temp}/no-such-folder/appPackage.zip", "--manifest-dir", "{manifest}" }, 1,
        "no-such-folder/appPackage.zip' does not exist; create it")]
    [InlineData(new[] { "--app-id", AppId, "--out", "{temp}", "--manifest-dir", "{manifest}" }, 1,
        "is a folder; give the package a file name")]
    // not even root creates files in /proc
    [InlineData(new[] { "--app-id", AppId, "--out", "/proc/appPackage.zip", "--manifest-dir", "{manifest}" }, 1,
        "cannot write '/proc/appPackage.zip'")]
    [InlineData(new[] { "--app-id", AppId, "--out", "{zip}", "--manifest-dir" }, 2, "--manifest-dir needs a value")]
    [InlineData(new[] { "--app-id", "--out", "{zip}", "--manifest-dir", "{manifest}" }, 2, "--app-id needs a value")]
    [InlineData(new[] { "--app-id", AppId, "--out", "", "--manifest-dir", "{manifest}" }, 2, "--out needs a value")]
    [InlineData(new[] { "--app-id", AppId, "--out", "{zip}", "--manifest-dir", "{manifest}", "--colour" }, 2,
        "unknown option --colour")]
    [InlineData(new[] { "--app-id", AppId, "stray", "--out", "{zip}", "--manifest-dir", "{manifest}" }, 2,
        "unexpected argument 'stray'")]
    [InlineData(new[] { "--app-id", "8f4b1c2e\n-1111", "--out", "{zip}", "--manifest-dir", "{manifest}" }, 2,
        "the value of --app-id has a control character")]
    public void Hostile_arguments_get_one_plain_line_on_stderr_and_leave_no_package(
        string[] args, int code, string message)
    {
        Directory.CreateDirectory(Path.Combine(_directory, "empty"));
        var zip = Path.Combine(_directory, "appPackage.zip");
        string[] resolved = [.. args.Select(a => a.Replace("{zip}", zip, StringComparison.Ordinal)
            .Replace("{manifest}", Repo("manifest"), StringComparison.Ordinal)
            .Replace("{empty}", Path.Combine(_directory, "empty"), StringComparison.Ordinal)
                .Replace("{temp}", _directory, StringComparison.Ordinal))];
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(code, PackageManifest.Run(resolved, output, error));
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)); // one line, no stack trace
        Assert.StartsWith("package-manifest: ", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
        Assert.Empty(Directory.EnumerateFiles(_directory, "*", SearchOption.AllDirectories)); // no package, no .partial
    }

    [Theory]
    [InlineData("null", "manifest.json is not a JSON object")]
    [InlineData("[1, 2]", "manifest.json is not a JSON object")]
    [InlineData("{ \"id\": ", "cannot read the manifest folder")]
    [InlineData("huge", "manifest.json is over 1 MB")]
    public void A_manifest_folder_with_a_broken_or_huge_manifest_is_refused_with_one_plain_line(
        string manifest, string message)
    {
        var folder = Path.Combine(_directory, "manifest");
        Directory.CreateDirectory(folder);
        foreach (var icon in new[] { "color.png", "outline.png" }) File.Copy(
            Repo("manifest", icon), Path.Combine(folder, icon));
        File.WriteAllText(Path.Combine(folder, "manifest.json"), manifest == "huge" ? "{\"padding\": \"" +
            new string('x', 2 * 1024 * 1024) + "\"}" : manifest);
        var zip = Path.Combine(_directory, "appPackage.zip");
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(
            1, PackageManifest.Run(["--app-id", AppId, "--out", zip, "--manifest-dir", folder], output, error));
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(zip));
        Assert.False(File.Exists(zip + ".partial"));
    }

    private static string Repo(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "DeliveryBot.sln"))) dir = dir.Parent;
        return Path.Combine([dir.FullName, .. parts]);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
