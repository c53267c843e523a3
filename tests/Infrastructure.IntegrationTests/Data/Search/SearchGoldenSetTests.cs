using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NpgsqlTypes;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.Data.Search;
using Xunit.Abstractions;

namespace Recordings.Infrastructure.IntegrationTests.Data.Search;

/// <summary>
/// The golden set (golden-set.json): Hebrew and English queries over fixed transcripts, each with the calls it should
/// find, run against PostgreSQL through the search plan. Prints recall and precision (micro-averaged over every query)
/// and every query that missed or over-matched.
/// </summary>
public sealed class SearchGoldenSetTests(SearchDatabase database, ITestOutputHelper output) : IClassFixture<SearchDatabase>
{
    public const double RequiredRecall = 0.95;
    public const double RequiredPrecision = 0.90;

    [Fact]
    public async Task FindsTheExpectedCallsWithRecallAndPrecisionAboveTheGoals()
    {
        database.Golden.Queries.Count(q => q.Lang == "he").ShouldBeGreaterThanOrEqualTo(60);
        database.Golden.Queries.Count(q => q.Lang == "en").ShouldBeGreaterThanOrEqualTo(30);
        await using var scope = database.Node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var lines = new List<string>();
        var totals = new Dictionary<string, (int Tp, int Fp, int Fn)> { ["he"] = default, ["en"] = default };
        foreach (var query in database.Golden.Queries)
        {
            var found = await FindAsync(db, query.Q);
            var expected = query.Expect.ToHashSet();
            var tp = found.Count(expected.Contains);
            var fp = found.Count - tp;
            var fn = expected.Count - tp;
            var (t, f, n) = totals[query.Lang];
            totals[query.Lang] = (t + tp, f + fp, n + fn);
            if (fp > 0 || fn > 0)
            {
                lines.Add($"  {query.Lang} «{query.Q}» ({query.Why}): missed [{string.Join(' ', expected.Except(found))}], " +
                    $"not expected [{string.Join(' ', found.Except(expected))}]");
            }
        }

        var all = (Tp: totals.Values.Sum(v => v.Tp), Fp: totals.Values.Sum(v => v.Fp), Fn: totals.Values.Sum(v => v.Fn));
        var report = new List<string> { "Search golden set:" };
        foreach (var (lang, (tp, fp, fn)) in totals)
        {
            report.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {lang}: {database.Golden.Queries.Count(q => q.Lang == lang)} queries, recall {Recall(tp, fn):P1}, precision {Precision(tp, fp):P1}"));
        }

        report.Add(string.Create(CultureInfo.InvariantCulture,
            $"  all: {database.Golden.Queries.Count} queries, recall {Recall(all.Tp, all.Fn):P1} ({all.Tp} of {all.Tp + all.Fn}), " +
            $"precision {Precision(all.Tp, all.Fp):P1} ({all.Fp} not expected)"));
        report.AddRange(lines);
        foreach (var line in report)
        {
            output.WriteLine(line);
            Console.WriteLine(line);
        }

        Recall(all.Tp, all.Fn).ShouldBeGreaterThanOrEqualTo(RequiredRecall, string.Join('\n', report));
        Precision(all.Tp, all.Fp).ShouldBeGreaterThanOrEqualTo(RequiredPrecision, string.Join('\n', report));
    }

    [Fact]
    public async Task TheTiersSplitWhatAllFindsWithoutOverlapForEveryQuery()
    {
        await using var scope = database.Node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        foreach (var query in database.Golden.Queries)
        {
            var plan = SearchPlan.Plan(query.Q)!;
            var all = await MatchesAsync(db, plan.All);
            var tiers = new List<string>();
            foreach (var tier in plan.Tiers)
            {
                tiers.AddRange(await MatchesAsync(db, tier.Query));
            }

            tiers.Order().ShouldBe(all.Order(), $"«{query.Q}»");
        }
    }

    [Fact]
    public async Task ExactFormsRankFirst()
    {
        await using var scope = database.Node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var plan = SearchPlan.Plan("הלקוח")!;

        var ranks = new List<string[]>();
        foreach (var tier in plan.Tiers)
        {
            ranks.Add([.. (await MatchesAsync(db, tier.Query)).Select(SearchDatabase.IdOf).Order()]);
        }

        // h1 says הלקוח; h5 says כשהלקוח and h8 לקוח: found through a prefix-stripped form.
        ranks.ShouldBe([["h1"], ["h5", "h8"]]);
    }

    /// <summary>
    /// How the calls list pages a search: tier by tier, newest first within a tier, each tier through
    /// <see cref="SearchPaging.NewestMatchesAsync"/> (the lead's keyset adds the cursor to the candidates), then the hits
    /// of the page.
    /// </summary>
    [Fact]
    public async Task PagesTierByTierNewestFirstThenReadsTheHits()
    {
        await using var scope = database.Node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var plan = SearchPlan.Plan("הלקוח")!;
        var page = new List<(int Rank, string CallSid)>();
        foreach (var tier in plan.Tiers)
        {
            var candidates = db.Calls.AsNoTracking().Where(c => c.BusinessId == SearchDatabase.BusinessId);
            var rows = await SearchPaging.NewestMatchesAsync(
                db, candidates, tier.Query,
                calls => calls.OrderByDescending(c => c.StartedAt ?? c.CreatedAt).ThenByDescending(c => c.CallSid),
                c => c.CallSid, 25 - page.Count, CancellationToken.None);
            page.AddRange(rows.Select(sid => (tier.Rank, sid)));
            if (page.Count == 25)
            {
                break;
            }
        }

        var hits = await SearchHits.HitsAsync(db, SearchDatabase.BusinessId, plan, [.. page.Select(p => p.CallSid)], CancellationToken.None);

        // h1 says הלקוח (exact: rank 0); h8 (newer) says לקוח and h5 כשהלקוח (rank 1).
        page.Select(p => (p.Rank, SearchDatabase.IdOf(p.CallSid))).ShouldBe([(0, "h1"), (1, "h8"), (1, "h5")]);
        hits[SearchDatabase.CallSidOf("h8")].Single().Text.ShouldBe("לקוח יקר, נא להמתין.");
    }

    /// <summary>The same in plain LINQ, for one tier: <c>search_document @@ tsquery</c> through <c>EF.Property</c>.</summary>
    [Fact]
    public async Task ATierIsAWhereClauseInLinq()
    {
        await using var scope = database.Node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var plan = SearchPlan.Plan("לקוח תשלום*")!;
        var page = new List<(int Rank, string CallSid)>();
        foreach (var tier in plan.Tiers)
        {
            var tsquery = tier.Query;
            var rows = await db.Calls.AsNoTracking()
                .Where(c => c.BusinessId == SearchDatabase.BusinessId
                    && EF.Property<NpgsqlTsVector>(c, SearchDocument.PropertyName).Matches(tsquery))
                .OrderByDescending(c => c.StartedAt ?? c.CreatedAt).ThenByDescending(c => c.CallSid)
                .Select(c => c.CallSid)
                .Take(25 - page.Count)
                .ToListAsync();
            page.AddRange(rows.Select(sid => (tier.Rank, sid)));
        }

        page.Select(p => SearchDatabase.IdOf(p.CallSid)).ShouldBe(["h5"]);
        page[0].Rank.ShouldBe(2, "h5 says כשהלקוח and והתשלום: neither word in exact form");
    }

    [Theory]
    [InlineData("the", 2, new[] { "e6", "e5" })]
    [InlineData("לקוח", 25, new[] { "h8", "h5", "h2", "h1" })]
    [InlineData("0521234567", 25, new[] { "h1" })]
    [InlineData("nosuchword", 25, new string[0])]
    public async Task NewestMatchesComeNewestFirstWhetherTheWindowFillsThePageOrNot(string q, int limit, string[] expected)
    {
        await using var scope = database.Node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();

        var rows = await SearchPaging.NewestMatchesAsync(
            db,
            db.Calls.AsNoTracking().Where(c => c.BusinessId == SearchDatabase.BusinessId),
            SearchPlan.Plan(q)!.All,
            calls => calls.OrderByDescending(c => c.StartedAt ?? c.CreatedAt).ThenByDescending(c => c.CallSid),
            c => c.CallSid,
            limit,
            CancellationToken.None);

        rows.Select(SearchDatabase.IdOf).ShouldBe(expected);
    }

    [Fact]
    public async Task NewestMatchesWorkInsideTheCallersTransactionAndLeaveItsSettingsAlone()
    {
        await using var scope = database.Node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var (count, setting) = await db.InTransactionAsync(async ct =>
        {
            var rows = await SearchPaging.NewestMatchesAsync(
                db, db.Calls.AsNoTracking().Where(c => c.BusinessId == SearchDatabase.BusinessId), SearchPlan.Plan("לקוח")!.All,
                calls => calls.OrderByDescending(c => c.StartedAt ?? c.CreatedAt).ThenByDescending(c => c.CallSid), c => c.CallSid, 25, ct);
            var after = await db.Database.SqlQueryRaw<string>("SELECT current_setting('enable_indexscan') AS \"Value\"").SingleAsync(ct);
            return (rows.Count, after);
        }, CancellationToken.None);

        count.ShouldBe(4);
        setting.ShouldBe("on");
    }

    [Fact]
    public async Task HitsAreTheBestSegmentsWithTheMatchedWordsHighlighted()
    {
        await using var scope = database.Node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var plan = SearchPlan.Plan("לקוח")!;

        var hits = await SearchHits.HitsAsync(db, SearchDatabase.BusinessId, plan,
            [SearchDatabase.CallSidOf("h2"), SearchDatabase.CallSidOf("h8"), SearchDatabase.CallSidOf("x1")], CancellationToken.None);

        // Another business's call (x1) has none.
        hits.Keys.Select(SearchDatabase.IdOf).Order().ShouldBe(["h2", "h8"]);
        var h2 = hits[SearchDatabase.CallSidOf("h2")].ShouldHaveSingleItem();
        h2.Text.ShouldBe("שלחתי מכתב ללקוח אתמול וללקוח השני היום.");
        h2.Highlights.Select(r => h2.Text[r[0]..r[1]]).ShouldBe(["ללקוח", "וללקוח"]);
        h2.RecordingSid.ShouldBe("RE" + SearchDatabase.CallSidOf("h2")[2..], "a segment without a recording is the first recording's");
        h2.StartSeconds.ShouldBe(5.0);
        h2.Speaker.ShouldBe("Agent");
    }

    [Fact]
    public async Task HitsPutExactFormsFirstThenMoreWordsThenEarlierAndAtMostThree()
    {
        await using var scope = database.Node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var plan = SearchPlan.Plan("the refund")!;

        var hits = await SearchHits.HitsAsync(db, SearchDatabase.BusinessId, plan, [SearchDatabase.CallSidOf("e6")], CancellationToken.None);

        var e6 = hits[SearchDatabase.CallSidOf("e6")];
        e6.Select(h => h.Text).ShouldBe(
        [
            "We processed the refund yesterday.",
            "This is a follow-up about your refund request.",
            "The charge should disappear from your statement.",
        ]);
    }

    [Fact]
    public async Task APhoneNumberMatchMakesNoHit()
    {
        await using var scope = database.Node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var plan = SearchPlan.Plan("0521234567")!;

        (await FindAsync(db, "0521234567")).ShouldBe(["h1"]);
        (await SearchHits.HitsAsync(db, SearchDatabase.BusinessId, plan, [SearchDatabase.CallSidOf("h1")], CancellationToken.None)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("\"unbalanced quote")]
    [InlineData("'; DROP TABLE calls; --")]
    [InlineData("a & b | !c <-> d:* 'e':A")]
    [InlineData("\\' \\\\ '' \" ))) (((")]
    [InlineData("\u202Bלקוח\u202C \u2066refund\u2069")]
    [InlineData("*")]
    [InlineData("** * ***word")]
    public async Task AnyInputRunsWithoutAnErrorAndQuickly(string q)
    {
        await using var scope = database.Node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();

        var watch = Stopwatch.StartNew();
        await FindAsync(db, q);
        await FindAsync(db, string.Concat(Enumerable.Repeat(q + " ", 10_000 / (q.Length + 1))));

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task TenThousandCharactersOfWordsAreCapped()
    {
        await using var scope = database.Node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var q = string.Join(' ', Enumerable.Range(0, 2000).Select(i => "ab" + i.ToString(CultureInfo.InvariantCulture)));

        (await FindAsync(db, q)).ShouldBeEmpty();
        SearchPlan.Plan(q)!.Query.Terms.Count.ShouldBe(Domain.Calls.Search.SearchQuery.MaxTerms);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?!")]
    [InlineData("\u200F\u200E")]
    [InlineData("\"\"")]
    public void NothingSearchableIsNoPlan(string q) => SearchPlan.Plan(q).ShouldBeNull();

    private static async Task<List<string>> FindAsync(RecordingsDbContext db, string q) =>
        SearchPlan.Plan(q) is { } plan ? [.. (await MatchesAsync(db, plan.All)).Select(SearchDatabase.IdOf)] : [];

    private static Task<List<string>> MatchesAsync(RecordingsDbContext db, NpgsqlTsQuery query) =>
        db.Calls.AsNoTracking()
            .Where(c => c.BusinessId == SearchDatabase.BusinessId && EF.Property<NpgsqlTsVector>(c, SearchDocument.PropertyName).Matches(query))
            .Select(c => c.CallSid)
            .ToListAsync();

    private static double Recall(int tp, int fn) => tp + fn == 0 ? 1 : (double)tp / (tp + fn);

    private static double Precision(int tp, int fp) => tp + fp == 0 ? 1 : (double)tp / (tp + fp);
}
