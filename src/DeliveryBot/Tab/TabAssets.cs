using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.IO.Compression;
using System.Security.Cryptography;

namespace DeliveryBot.Tab;

/// <summary>
/// The tab's bundle (its script, its style sheet and the chunks the script loads on demand, built by esbuild from
/// Tab/web when the host is built) served from the assembly. The script and the style sheet are named in the page with
/// a hash of their content and the chunks carry one in their names, so a browser keeps them all until the next build.
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

    private readonly FrozenDictionary<string, byte[]> _files;

    /// <summary>Each file compressed once, on its first request, at the smallest size (it is asked for again only
    /// after a new build, by each browser once).</summary>
    private readonly ConcurrentDictionary<(string File, string Encoding), Lazy<byte[]>> _compressed = new();

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

    /// <summary>
    /// A file of the bundle by its name (tab.js, chunk-XXXX.js), Brotli- or gzip-compressed when the browser takes
    /// it; 404 for any other name.
    /// </summary>
    public IResult File(HttpContext http, string name)
    {
        if (!_files.TryGetValue(name, out var content)) return Results.NotFound();
        var headers = http.Response.Headers;
        headers.CacheControl = "public, max-age=31536000, immutable";
        headers.XContentTypeOptions = "nosniff";
        headers.Vary = "Accept-Encoding";
        var accepted = http.Request.Headers.AcceptEncoding.ToString();
        var encoding = accepted.Contains("br", StringComparison.Ordinal) ? "br"
            : accepted.Contains("gzip", StringComparison.Ordinal) ? "gzip"
            : null;
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
            var original = content;
            content = _compressed
                .GetOrAdd((name, encoding), key => new Lazy<byte[]>(() => Compress(original, key.Encoding)))
                .Value;
        }
        return Results.Bytes(content, name.EndsWith(".css", StringComparison.Ordinal)
            ? "text/css; charset=utf-8"
            : "text/javascript; charset=utf-8");
    }

    private static byte[] Compress(byte[] content, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding == "br"
            ? new BrotliStream(output, CompressionLevel.SmallestSize, leaveOpen: true)
            : new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
            compressor.Write(content);
        return output.ToArray();
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
