using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Options;

namespace Recordings.Infrastructure.Redaction;

/// <summary>Refuses <see cref="RedactionOptions"/> that <see cref="MasterKeyRing.Validate"/> finds wrong (for <c>ValidateOnStart</c>).</summary>
public sealed class RedactionOptionsValidator : IValidateOptions<RedactionOptions>
{
    public ValidateOptionsResult Validate(string? name, RedactionOptions options) =>
        MasterKeyRing.Validate(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}

/// <summary>
/// The parsed master keys, each known by a key id: the first 16 hex digits of SHA-256 over a label and the key, so a
/// wrapped data key says which master key opens it without saying anything of that key. Nothing here prints a key.
/// </summary>
public sealed class MasterKeyRing
{
    public const int KeyBytes = 32;

    private readonly Dictionary<string, byte[]> _keys;

    private MasterKeyRing(byte[] current, IEnumerable<byte[]> previous)
    {
        CurrentKeyId = KeyIdOf(current);
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [CurrentKeyId] = current };
        foreach (var key in previous)
        {
            _keys.TryAdd(KeyIdOf(key), key);
        }
    }

    /// <summary>The id of the key that wraps new data keys.</summary>
    public string CurrentKeyId { get; }

    /// <summary>Ids of every key that can unwrap, the current one first.</summary>
    public IReadOnlyList<string> KeyIds => [CurrentKeyId, .. _keys.Keys.Where(id => id != CurrentKeyId)];

    /// <summary>A ring of the current key and older ones (tests, tools); the bytes are copied.</summary>
    public static MasterKeyRing Of(ReadOnlySpan<byte> current, params byte[][] previous)
    {
        if (current.Length != KeyBytes || previous.Any(k => k.Length != KeyBytes))
        {
            throw new ArgumentException($"A master key is {KeyBytes} bytes.");
        }

        return new MasterKeyRing(current.ToArray(), previous.Select(k => (byte[])k.Clone()));
    }

    /// <summary>The ring the options describe.</summary>
    /// <exception cref="OptionsValidationException">They are missing or wrong (<see cref="Validate"/>'s message, which quotes no key).</exception>
    public static MasterKeyRing FromOptions(RedactionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Validate(options) is { } problem)
        {
            throw new OptionsValidationException(RedactionOptions.SectionName, typeof(RedactionOptions), [problem]);
        }

        return new MasterKeyRing(Convert.FromBase64String(options.MasterKey!.Trim()), options.PreviousMasterKeys.Select(k => Convert.FromBase64String(k.Trim())));
    }

    /// <summary>What is wrong with the options (missing, not base64, not 32 bytes), or null; never quotes a key.</summary>
    public static string? Validate(RedactionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.MasterKey))
        {
            return $"{RedactionOptions.SectionName}:MasterKey is not set: keeping encrypted originals needs {KeyBytes} random bytes in base64 (e.g. `openssl rand -base64 {KeyBytes}`).";
        }

        if (Problem(options.MasterKey) is { } current)
        {
            return $"{RedactionOptions.SectionName}:MasterKey {current}";
        }

        for (var i = 0; i < options.PreviousMasterKeys.Count; i++)
        {
            if (Problem(options.PreviousMasterKeys[i]) is { } previous)
            {
                return $"{RedactionOptions.SectionName}:PreviousMasterKeys:{i} {previous}";
            }
        }

        return null;
    }

    private static string? Problem(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return "is empty.";
        }

        var bytes = new byte[(base64.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(base64.Trim(), bytes, out var length))
        {
            return "is not base64.";
        }

        CryptographicOperations.ZeroMemory(bytes);
        return length == KeyBytes ? null : $"is {length} bytes once decoded; a master key is {KeyBytes} random bytes in base64.";
    }

    /// <summary>The key of <paramref name="keyId"/>, when the ring has it.</summary>
    internal bool TryGet(string keyId, out byte[] key) => _keys.TryGetValue(keyId, out key!);

    internal byte[] Current => _keys[CurrentKeyId];

    internal static string KeyIdOf(ReadOnlySpan<byte> key)
    {
        var label = "recordings/redaction/master-key-id/v1"u8;
        var input = new byte[label.Length + key.Length];
        label.CopyTo(input);
        key.CopyTo(input.AsSpan(label.Length));
        var id = Convert.ToHexStringLower(SHA256.HashData(input))[..16];
        CryptographicOperations.ZeroMemory(input);
        return id;
    }

    public override string ToString() => $"MasterKeyRing {{ Current = {CurrentKeyId}, Keys = {_keys.Count} }}";
}
