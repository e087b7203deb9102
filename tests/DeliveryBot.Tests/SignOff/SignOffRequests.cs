namespace DeliveryBot.Tests.SignOff;

/// <summary>The page's requests as a browser sends them from the page itself.</summary>
internal static class SignOffRequests
{
    public static HttpRequestMessage Answer(
        string path, string? token = null, bool received = true, string? satisfaction = "Satisfied",
        string? feedback = "All good", string site = "same-origin")
    {
        var fields = new List<KeyValuePair<string, string>> { new("token", token ?? TokenOf(path)) };
        if (received) fields.Add(new("received", "yes"));
        if (satisfaction is not null) fields.Add(new("satisfaction", satisfaction));
        if (feedback is not null) fields.Add(new("feedback", feedback));
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Sec-Fetch-Site", site);
        request.Headers.UserAgent.ParseAdd("SignOffTest/1.0");
        return request;
    }

    public static string TokenOf(string path) => Uri.UnescapeDataString(path["/signoff/".Length..]);
}
