namespace Recordings.Domain.Common;

/// <summary>An operation that would break one of an entity's rules.</summary>
public sealed class DomainRuleException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
