using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Teams.Tests.Support;

/// <summary>
/// Every log line the bot writes, with the values of the scopes it was written in (ASP.NET Core's trace and span ids,
/// the bot's delivery id), as a structured logging sink sees them.
/// </summary>
public sealed class LogLines : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<Line> _written = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public sealed record Line(
        string Category, EventId EventId, string Message, IReadOnlyDictionary<string, string?> Scope);

    public IReadOnlyCollection<Line> Written => _written;

    public ILogger CreateLogger(string categoryName) => new Writer(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Writer(LogLines lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => lines._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, string?>();
            lines._scopes.ForEachScope(
                (value, values) =>
                {
                    if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                        foreach (var (key, v) in pairs) values[key] = v?.ToString();
                },
                scope);
            lines._written.Enqueue(new Line(category, eventId, formatter(state, exception), scope));
        }
    }
}
