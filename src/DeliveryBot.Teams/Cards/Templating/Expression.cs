namespace DeliveryBot.Teams.Cards.Templating;

/// <summary>A parsed template expression (the subset of Adaptive Expressions the card templates use).</summary>
internal abstract record Expr
{
    internal sealed record Literal(object? Value) : Expr;
    internal sealed record Name(string Identifier) : Expr;
    internal sealed record Member(Expr Target, string Property) : Expr;
    internal sealed record Index(Expr Target, Expr Key) : Expr;
    internal sealed record Call(string Function, IReadOnlyList<Expr> Arguments) : Expr;
    internal sealed record Unary(string Operator, Expr Operand) : Expr;
    internal sealed record Binary(string Operator, Expr Left, Expr Right) : Expr;
}
