using System.Buffers;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;
using Microsoft.AspNetCore.Http;

namespace DeliveryBot.Teams.Endpoint;

/// <summary>
/// A click's answer, the card redrawn for the clicker, written straight into the response with its length: the card's
/// bytes as drawn inside a fixed envelope, with no serializer walking an object for it, then the card's rented buffer
/// (if it has one) given back. Every click is answered this way.
/// </summary>
internal sealed class CardAnswerResult(CardAnswer answer, int status) : IResult
{
    private static readonly byte[] Head =
        System.Text.Encoding.UTF8.GetBytes(
            $"{{\"statusCode\":{CardAnswer.CardStatus},\"type\":\"{CardAnswer.CardType}\",\"value\":");

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = Head.Length + answer.Value.Utf8.Length + 1;
            Write(response.BodyWriter, answer.Value);
            await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
        }
        finally
        {
            answer.Value.Return();
        }
    }

    /// <summary>Copies the envelope and the card into the response's pipe (no await while the card is read).</summary>
    private static void Write(System.IO.Pipelines.PipeWriter body, RawJson card)
    {
        body.Write(Head);
        body.Write(card.Utf8);
        body.Write("}"u8);
    }
}
