using System.Text.Json.Serialization;

namespace Recordings.Application.Common.Paging;

/// <summary>
/// One page of a list that pages by cursor (keyset): <see cref="NextCursor"/> carries the sort key of the page's last
/// row, so the next page costs what the first did. <see cref="Total"/> is exact up to
/// <see cref="Paging.ExactTotalLimit"/> matches and may be an estimate beyond (<see cref="TotalIsEstimate"/>).
/// <see cref="Page"/> and <see cref="PageSize"/> are given when the page was asked by number (the first
/// 10,000 rows keep working that way).
/// </summary>
public sealed record CursorPage<T>(
    IReadOnlyList<T> Items,
    string? NextCursor,
    int Total,
    bool TotalIsEstimate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Page = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PageSize = null);

/// <summary>How many matches a list counts exactly before it estimates; the rows a page number can reach.</summary>
public static class Paging
{
    public const int ExactTotalLimit = 10_000;

    /// <summary>The code of the 400 for a page number beyond <see cref="ExactTotalLimit"/> rows.</summary>
    public const string UseCursorCode = "use_cursor";

    public const string InvalidCursorCode = "invalid_cursor";
}

/// <summary>A count that stops at <see cref="Paging.ExactTotalLimit"/>; beyond it the database's estimate.</summary>
public readonly record struct ListTotal(int Count, bool IsEstimate);

/// <summary>
/// Where a page starts: after the row with <paramref name="After"/>'s key (cursor), or <paramref name="Offset"/> rows in
/// (a page number, within the first <see cref="Paging.ExactTotalLimit"/> rows), or at the top.
/// </summary>
public sealed record PageRequest<TKey>(TKey? After, int Offset, int Limit)
    where TKey : class;

/// <summary>The rows of one page and the key of its last row, when there may be more after it.</summary>
public sealed record PageSlice<TItem, TKey>(IReadOnlyList<TItem> Items, TKey? LastKey)
    where TKey : class;
