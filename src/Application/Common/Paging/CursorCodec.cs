using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Recordings.Application.Common.Exceptions;

namespace Recordings.Application.Common.Paging;

/// <summary>Seals and opens opaque tokens (authenticated encryption): a token changed by a client does not open.</summary>
public interface ITokenProtector
{
    string Protect(string payload);

    /// <summary>The payload, or null when the token was not made by this service (changed, cut, from elsewhere).</summary>
    string? Unprotect(string token);
}

/// <summary>
/// Writes and reads the lists' cursors. A cursor holds the last row's sort key, the list's total (counted once, on the
/// first page), and a fingerprint of its scope: the list, the business, the order and every filter. A cursor that was
/// tampered with, or used with another scope (another sort or filter, another business), is a 400
/// <c>invalid_cursor</c>: it never pages through rows it was not made for.
/// </summary>
public sealed class CursorCodec(ITokenProtector protector)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public const int MaxLength = 2048;

    public string Encode<TKey>(string scope, TKey key, ListTotal total) =>
        protector.Protect(JsonSerializer.Serialize(new Payload<TKey>(Fingerprint(scope), key, total.Count, total.IsEstimate), Json));

    public (TKey Key, ListTotal Total) Decode<TKey>(string cursor, string scope)
        where TKey : class
    {
        Payload<TKey>? payload = null;
        if (cursor.Length <= MaxLength && protector.Unprotect(cursor) is { } json)
        {
            try
            {
                payload = JsonSerializer.Deserialize<Payload<TKey>>(json, Json);
            }
            catch (JsonException)
            {
                payload = null;
            }
        }

        if (payload?.Key is null || !string.Equals(payload.Scope, Fingerprint(scope), StringComparison.Ordinal))
        {
            throw RequestValidationException.ForField(
                Paging.InvalidCursorCode, "cursor", "This cursor is not a cursor of this list with these filters; start again from the first page.");
        }

        return (payload.Key, new ListTotal(payload.Total, payload.Estimate));
    }

    /// <summary>
    /// One page of a list: after <paramref name="cursor"/> when given (its total travels in it), else page
    /// <paramref name="page"/> (1 when null) counted and read by offset, within the first
    /// <see cref="Paging.ExactTotalLimit"/> rows (beyond: 400 <c>use_cursor</c>). Either way the page's last row
    /// becomes the next cursor.
    /// </summary>
    /// <param name="scope">Everything that decides the list's rows and order (the list, the business, sort, filters).</param>
    public async Task<CursorPage<TItem>> PageAsync<TItem, TKey>(
        string scope, string? cursor, int? page, int limit,
        Func<CancellationToken, Task<ListTotal>> count,
        Func<PageRequest<TKey>, CancellationToken, Task<PageSlice<TItem, TKey>>> list,
        CancellationToken cancellationToken)
        where TKey : class
    {
        if (cursor is not null)
        {
            var (after, counted) = Decode<TKey>(cursor, scope);
            var next = await list(new PageRequest<TKey>(after, 0, limit), cancellationToken);
            return new CursorPage<TItem>(next.Items, NextCursor(next, scope, counted), counted.Count, counted.IsEstimate);
        }

        var number = page ?? 1;
        var offset = (long)(number - 1) * limit;
        if (offset >= Paging.ExactTotalLimit)
        {
            throw RequestValidationException.ForField(Paging.UseCursorCode, "page",
                $"Pages by number reach the first {Paging.ExactTotalLimit:N0} rows; page on with the cursor (nextCursor) instead.");
        }

        var total = await count(cancellationToken);
        var slice = await list(new PageRequest<TKey>(null, (int)offset, limit), cancellationToken);
        return new CursorPage<TItem>(slice.Items, NextCursor(slice, scope, total), total.Count, total.IsEstimate, number, limit);
    }

    private string? NextCursor<TItem, TKey>(PageSlice<TItem, TKey> slice, string scope, ListTotal total)
        where TKey : class =>
        slice.LastKey is { } last ? Encode(scope, last, total) : null;

    private static string Fingerprint(string scope) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(scope)), 0, 16);

    private sealed record Payload<TKey>(string Scope, TKey Key, int Total, bool Estimate);
}
