using System.Text;
using System.Text.Encodings.Web;
using DeliveryBot.Application.SignOff;

namespace DeliveryBot.SignOff;

/// <summary>
/// The sign-off pages as plain server-rendered HTML: every value from the record HTML-encoded, no script, one small
/// style sheet from this site, labels on every field, readable from 320 px wide.
/// </summary>
internal static class SignOffPage
{
    /// <summary>The same choices the client's acknowledgement card offers in Teams.</summary>
    public static readonly IReadOnlyList<string> Satisfactions =
        ["Very satisfied", "Satisfied", "Neutral", "Dissatisfied"];

    public static readonly string Css = ReadCss();

    public static string Form(OpenSignOff open, string token, string? problem)
    {
        var s = open.Delivery.State;
        var html = new StringBuilder();
        Start(html, $"Confirm receipt: {s.DigitalTalent}");
        html.Append("<h1>").Append(E(s.DigitalTalent)).Append(" has been handed over</h1>\n")
            .Append("<p class=\"who\">For <strong>").Append(E(s.Client)).Append("</strong>, delivered by ")
            .Append(E(open.DeliveryManager)).Append(", your delivery manager. This page is for ")
            .Append(E(open.ClientContact.DisplayName)).Append(".</p>\n")
            .Append("<section aria-labelledby=\"package\">\n<h2 id=\"package\">The handover package</h2>\n");
        Part(html, "What was delivered", open.Package.ScopeConfirmation);
        Part(html, "How to access and use it", open.Package.AccessInstructions);
        Part(html, "Configuration notes", open.Package.ConfigurationNotes);
        Part(html, "Support and next steps", open.Package.SupportAndNextSteps);
        html.Append("</section>\n<section aria-labelledby=\"confirm\">\n<h2 id=\"confirm\">Confirm receipt</h2>\n");
        if (problem is not null)
            html.Append("<p class=\"problem\" role=\"alert\">").Append(E(problem)).Append("</p>\n");
        html.Append("<form method=\"post\" action=\"").Append(E($"/signoff/{Uri.EscapeDataString(token)}"))
            .Append("\">\n<input type=\"hidden\" name=\"token\" value=\"").Append(E(token)).Append("\">\n")
            .Append("<p class=\"check\"><input type=\"checkbox\" id=\"received\" name=\"received\" value=\"yes\" ")
            .Append("required>\n<label for=\"received\">I confirm we received the delivery described above.</label>")
            .Append("</p>\n<fieldset>\n<legend>How satisfied are you so far? (optional)</legend>\n");
        for (var i = 0; i < Satisfactions.Count; i++)
            html.Append("<p class=\"choice\"><input type=\"radio\" id=\"satisfaction-").Append(i)
                .Append("\" name=\"satisfaction\" value=\"").Append(E(Satisfactions[i])).Append("\">\n")
                .Append("<label for=\"satisfaction-").Append(i).Append("\">").Append(E(Satisfactions[i]))
                .Append("</label></p>\n");
        html.Append("</fieldset>\n<p><label for=\"feedback\">Your feedback (optional)</label>\n")
            .Append("<textarea id=\"feedback\" name=\"feedback\" rows=\"5\" maxlength=\"")
            .Append(Domain.Common.UserText.Paragraph).Append("\"></textarea></p>\n")
            .Append("<p><button type=\"submit\">Confirm receipt</button></p>\n</form>\n</section>\n");
        return End(html);
    }

    public static string Thanks(OpenSignOff open)
    {
        var html = new StringBuilder();
        Start(html, "Thank you");
        html.Append("<h1>Thank you</h1>\n<p>Your confirmation that you received ")
            .Append(E(open.Delivery.State.DigitalTalent)).Append(" is recorded, and ")
            .Append(E(open.DeliveryManager)).Append(" is told. You can close this page.</p>\n");
        return End(html);
    }

    /// <summary>The one answer to a link that does not work, whatever the reason: it names nothing of it.</summary>
    public static string Refusal()
    {
        var html = new StringBuilder();
        Start(html, "This link does not work");
        html.Append("<h1>This link does not work</h1>\n<p>It may have expired, been used already or been withdrawn. ")
            .Append("Please ask your delivery manager for a new one.</p>\n");
        return End(html);
    }

    private static void Part(StringBuilder html, string title, string text)
        => html.Append("<h3>").Append(title).Append("</h3>\n<p>")
            .Append(E(text).Replace("\n", "<br>\n", StringComparison.Ordinal)).Append("</p>\n");

    private static void Start(StringBuilder html, string title)
        => html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"robots\" content=\"noindex\">\n<title>").Append(E(title)).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(SignOffEndpoints.StylePath).Append("\">\n")
            .Append("<link rel=\"icon\" type=\"image/svg+xml\" href=\"").Append(SignOffEndpoints.IconPath)
            .Append("\">\n")
            .Append("</head>\n<body>\n<main>\n");

    private static string End(StringBuilder html) => html.Append("</main>\n</body>\n</html>\n").ToString();

    private static string E(string text) => HtmlEncoder.Default.Encode(text);

    private static string ReadCss()
    {
        using var stream = typeof(SignOffPage).Assembly.GetManifestResourceStream("DeliveryBot.SignOff.signoff.css")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
