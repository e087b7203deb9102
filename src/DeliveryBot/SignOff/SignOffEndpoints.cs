using DeliveryBot.Application.SignOff;
using Microsoft.AspNetCore.Http.Features;

namespace DeliveryBot.SignOff;

/// <summary>
/// GET and POST /signoff/{token}: the page a client contact opens from the DM's link, and their answer. Every page is
/// served with a strict Content-Security-Policy and no caching; a link that does not work, for whichever reason, gets
/// the one refusal page and changes nothing. The answer is taken only from this page: the token in the form and a
/// same-origin check (no cookies).
/// </summary>
internal sealed class SignOffEndpoints(ClientSignOff signOff)
{
    public const string StylePath = "/signoff/signoff.css";

    /// <summary>The page names its icon, or a browser asks for /favicon.ico, which the bot does not serve.</summary>
    public const string IconPath = "/signoff/icon.svg";

    private const string Icon = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\">"
        + "<rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#4f52b2\"/>"
        + "<path d=\"M4 8.5l2.5 2.5L12 5.5\" stroke=\"#fff\" stroke-width=\"2\" fill=\"none\"/></svg>";

    /// <summary>Far more than the form holds (2,000 characters of feedback, encoded): more is refused.</summary>
    private const long MaxAnswerBytes = 32 * 1024;

    public async Task ShowAsync(HttpContext http, string token, CancellationToken ct)
    {
        var open = await signOff.OpenAsync(token, ct);
        await WriteAsync(http, open is null ? Refused() : (200, SignOffPage.Form(open, token, problem: null)));
    }

    public async Task AnswerAsync(HttpContext http, string token, CancellationToken ct)
    {
        if (!FromThisPage(http.Request)) { await WriteAsync(http, (403, SignOffPage.Refusal())); return; }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxAnswerBytes;
        if (!http.Request.HasFormContentType || http.Request.ContentLength > MaxAnswerBytes)
        {
            await WriteAsync(http, Refused());
            return;
        }
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            await WriteAsync(http, Refused());
            return;
        }
        // the form carries its token: a post that does not is not this page's
        if (form["token"] != token) { await WriteAsync(http, Refused()); return; }
        if (await signOff.OpenAsync(token, ct) is not { } open) { await WriteAsync(http, Refused()); return; }
        var satisfaction = Single(form, "satisfaction");
        if (form["received"] != "yes"
            || (satisfaction is not null && !SignOffPage.Satisfactions.Contains(satisfaction)))
        {
            await WriteAsync(http, (400, SignOffPage.Form(open, token,
                problem: "Please tick the box to confirm you received the delivery.")));
            return;
        }
        var (result, problem) = await signOff.AcknowledgeAsync(token, new SignOffAnswer(
            satisfaction,
            Single(form, "feedback"),
            From: http.Connection.RemoteIpAddress?.ToString(),
            UserAgent: http.Request.Headers.UserAgent.ToString()), ct);
        await WriteAsync(http, result switch
        {
            SignOffResult.Acknowledged => (200, SignOffPage.Thanks(open)),
            SignOffResult.NeedsFixing => (400, SignOffPage.Form(open, token, problem)),
            _ => Refused(),
        });
    }

    public static Task Style(HttpContext http)
    {
        Secure(http.Response);
        http.Response.ContentType = "text/css; charset=utf-8";
        return http.Response.WriteAsync(SignOffPage.Css);
    }

    public static Task IconFile(HttpContext http)
    {
        Secure(http.Response);
        http.Response.ContentType = "image/svg+xml";
        return http.Response.WriteAsync(Icon);
    }

    /// <summary>
    /// A browser says where a form was posted from: Sec-Fetch-Site (sent whatever the referrer policy), else Origin.
    /// Our no-referrer policy makes a browser send "Origin: null" even from this page, so null is taken only when
    /// Sec-Fetch-Site vouches for it; a client that sends neither is no browser a forged page could drive.
    /// </summary>
    private static bool FromThisPage(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0) return site == "same-origin";
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0
            || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    private static string? Single(IFormCollection form, string name)
        => form[name] is { Count: 1 } values ? values[0] : null;

    private static (int, string) Refused() => (404, SignOffPage.Refusal());

    private static Task WriteAsync(HttpContext http, (int Status, string Html) page)
    {
        Secure(http.Response);
        http.Response.StatusCode = page.Status;
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(page.Html);
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy =
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
    }
}
