using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Recordings.Infrastructure.Organisation;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// A change of the business's people made on one node takes effect on the next request on another: node B remembers
/// the business's org chart (warmed by a request), node A changes a role or disables an account, B hears the
/// announcement (PostgreSQL NOTIFY, sent when A's change commits) and forgets the chart, and B's next request is
/// answered by the new one. Without the announcement B would go on answering from its memory, and the waits fail.
/// </summary>
public sealed class ManageTwoNodesTests
{
    [Fact]
    public async Task ADemotionAndADisableOnOneNodeTakeEffectOnTheNextRequestOnAnother()
    {
        var a = new RecordingsApiFactory { OwnsDatabase = false };
        await a.InitializeAsync();
        var b = new SecondNodeFactory();
        b.TakeOver(a);
        await b.InitializeAsync();
        try
        {
            using var acme = await Manage.BusinessWithAdminAsync(a, "Acme", "+15551239001");
            var boss = await Manage.CreateAccountAsync(acme.Admin, "boss@acme.example", role: "admin");
            using var bossOnB = await Manage.LogInAsync(b, boss.Email);
            var charts = b.Services.GetRequiredService<OrgChartCache>();
            var key = OrgChartCache.KeyOf(acme.Id);

            // B remembers the chart in which boss is an admin.
            (await bossOnB.GetAsync("/api/manage/settings")).StatusCode.ShouldBe(HttpStatusCode.OK);
            charts.TryGet(key, out _).ShouldBeTrue("an authenticated request on B reads the chart once and keeps it");

            (await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{boss.Id}", new { role = "agent" })).EnsureSuccessStatusCode();

            await Eventually.TrueAsync(() => !charts.TryGet(key, out _), "node B to forget the chart of the business that changed");
            await (await bossOnB.GetAsync("/api/manage/settings")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            (await bossOnB.GetAsync("/api/calls")).StatusCode.ShouldBe(HttpStatusCode.OK, "still an account, as an agent");
            charts.TryGet(key, out _).ShouldBeTrue();

            (await Manage.PatchAsync(acme.Admin, $"/api/manage/agents/{boss.Id}", new { disabled = true })).EnsureSuccessStatusCode();

            await Eventually.TrueAsync(() => !charts.TryGet(key, out _), "node B to forget the chart again");
            await (await bossOnB.GetAsync("/api/calls")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }
        finally
        {
            await b.DisposeAsync();
            await a.DisposeAsync();
        }
    }
}
