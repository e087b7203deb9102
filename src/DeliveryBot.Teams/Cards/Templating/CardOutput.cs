using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeliveryBot.Teams.Cards.Templating;

/// <summary>
/// How a card's JSON is written, by the template's fixed parts compiled once and by each drawing alike, so that two
/// drawings that look the same are the same bytes (a posted card is updated only when its digest changes): minified,
/// text as UTF-8 rather than \u escapes. The card is sent as JSON over HTTPS, never inside HTML, and Teams caps a
/// message's size (an escaped "—" takes six bytes, not three).
/// </summary>
internal static class CardOutput
{
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static readonly JsonWriterOptions Options = new() { Encoder = Encoder };
}
