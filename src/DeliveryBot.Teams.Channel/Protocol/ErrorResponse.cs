namespace DeliveryBot.Teams.Protocol;

public sealed class ErrorResponse
{
    public ErrorBody? Error { get; set; }
}

public sealed class ErrorBody
{
    public string? Code { get; set; }
    public string? Message { get; set; }
}
