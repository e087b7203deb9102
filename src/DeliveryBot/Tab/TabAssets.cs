using System.Collections.Frozen;
using System.Security.Cryptography;

namespace DeliveryBot.Tab;

/// <summary>
/// The tab's bundle (its script, its style sheet and the chunks the script loads on demand, built, minified and
/// compressed by Tab/web/build.mjs when the host is built) served from the assembly, Brotli- or gzip-compressed as the
/// browser takes it. The script and the style sheet are named in the page with a hash of their content and the chunks
/// carry one in their names, so a browser keeps them all until the next build.
/// </summary>
internal sealed class TabAssets
{
    public const string ScriptPath = "/tab/tab.js";
    public const string StylePath = "/tab/tab.css";
    public const string IconPath = "/tab/icon.svg";
    private const string Prefix = "DeliveryBot.Tab.";

    private const string Icon = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\">"
        + "<rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#4f52b2\"/>"
        + "<path d=\"M3 11h4M3 8h7M3 5h10\" stroke=\"#fff\" stroke-width=\"1.6\"/></svg>";

    /// <summary>Every file by name: tab.js, and tab.js.br and tab.js.gz beside it.</summary>
    private readonly FrozenDictionary<string, byte[]> _files;

    public TabAssets()
    {
        var assembly = typeof(TabAssets).Assembly;
        _files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[Prefix.Length..], n => Read(assembly, n), StringComparer.Ordinal);
        if (!_files.TryGetValue("tab.js", out var script) || !_files.TryGetValue("tab.css", out var style))
            throw new InvalidOperationException(
                "The tab's bundle is not in the build: building src/DeliveryBot runs npm and esbuild in "
                + "src/DeliveryBot/Tab/web; see the build output.");
        Version = Convert.ToHexStringLower(SHA256.HashData([.. script, .. style]))[..16];
    }

    public string Version { get; }

    /// <summary>A script or style sheet of the bundle by name (tab.js, chunk-XXXX.js); 404 for any other.</summary>
    public IResult File(HttpContext http, string name)
    {
        var css = name.EndsWith(".css", StringComparison.Ordinal);
        if (!(css || name.EndsWith(".js", StringComparison.Ordinal)) || !_files.TryGetValue(name, out var content))
            return Results.NotFound();
        var headers = http.Response.Headers;
        headers.CacheControl = "public, max-age=31536000, immutable";
        headers.XContentTypeOptions = "nosniff";
        headers.Vary = "Accept-Encoding";
        var accepted = http.Request.Headers.AcceptEncoding.ToString();
        foreach (var (token, suffix) in (ReadOnlySpan<(string, string)>)[("br", ".br"), ("gzip", ".gz")])
        {
            if (!accepted.Contains(token, StringComparison.Ordinal)
                || !_files.TryGetValue(name + suffix, out var compressed))
                continue;
            headers.ContentEncoding = token;
            content = compressed;
            break;
        }
        return Results.Bytes(content, css ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8");
    }

    public static IResult IconFile(HttpContext http)
    {
        http.Response.Headers.CacheControl = "public, max-age=86400";
        return Results.Text(Icon, "image/svg+xml");
    }

    private static byte[] Read(System.Reflection.Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
