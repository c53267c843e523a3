using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Exceptions;

namespace Recordings.Application.Common.Behaviours;

/// <summary>Logs each message with its outcome and duration. Expected outcomes (the contract's 4xx answers,
/// <see cref="ExpectedOutcomeException"/>) are not errors.</summary>
public sealed partial class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger, TimeProvider time)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var name = typeof(TMessage).Name;
        var started = time.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
            LogHandled(logger, name, elapsed);
            return response;
        }
        catch (ExpectedOutcomeException ex)
        {
            var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
            var outcome = ex.GetType().Name;
            LogRejected(logger, name, outcome, elapsed);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
            LogFailed(logger, ex, name, elapsed);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handled {Message} in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string message, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {Message} ({Outcome}) in {ElapsedMs:0.0} ms")]
    private static partial void LogRejected(ILogger logger, string message, string outcome, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Failed {Message} after {ElapsedMs:0.0} ms")]
    private static partial void LogFailed(ILogger logger, Exception exception, string message, double elapsedMs);
}
