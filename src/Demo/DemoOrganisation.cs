using Mediator;
using Microsoft.EntityFrameworkCore;
using Recordings.Application.Agents.Commands.CreateAgent;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Organisation;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.Identity;

namespace Recordings.Demo;

/// <summary>
/// The demo business's people: Dana (the demo login) is its admin; Noa and Omer are agents in the teams North and South;
/// Sam supervises North. Each has a <c>client:</c> identity, which the demo calls' legs name, so that the calls are
/// attributed as Twilio's callbacks would attribute them. Everyone signs in with the demo password.
/// </summary>
public static class DemoOrganisation
{
    public sealed record Person(string Key, string Email, string Name, AccountRole Role, string? Team, bool Supervises = false)
    {
        public string Identity => $"client:{Key}";
    }

    private static readonly string[] TeamNames = ["North", "South"];

    public static IReadOnlyList<Person> People { get; } =
    [
        new("dana", "demo@recordings.test", "Dana Demo", AccountRole.Admin, "North"),
        new("noa", "noa@recordings.test", "Noa Levi", AccountRole.Agent, "North"),
        new("omer", "omer@recordings.test", "Omer Cohen", AccountRole.Agent, "South"),
        new("sam", "sam@recordings.test", "Sam Segal", AccountRole.Supervisor, null) { Supervises = true },
    ];

    /// <summary>Who took a demo call (by its number): Dana, Noa and Omer in turn, every fourth call nobody (it rang out to voicemail).</summary>
    public static Person? TakerOf(DemoCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return (call.Number % 4) switch
        {
            1 => People[0],
            2 => People[1],
            3 => People[2],
            _ => null,
        };
    }

    /// <summary>Creates what is missing (idempotent: a demo restarted on its database keeps its people).</summary>
    public static async Task SeedAsync(IServiceProvider services, Guid businessId, string password, DemoOptions settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        var sender = services.GetRequiredService<ISender>();
        var db = services.GetRequiredService<RecordingsDbContext>();
        foreach (var person in People.Skip(1))
        {
            try
            {
                await sender.Send(new CreateAgentCommand(businessId, person.Email, password, person.Name), cancellationToken);
            }
            catch (ConflictException ex) when (ex.Code == "email_taken")
            {
                // Seeded before.
            }
        }

        var now = DateTimeOffset.UtcNow;
        var accounts = await db.Users.Where(a => a.BusinessId == businessId).ToListAsync(cancellationToken);
        var teams = await db.Teams.Where(t => t.BusinessId == businessId).ToListAsync(cancellationToken);
        foreach (var name in TeamNames.Where(n => teams.TrueForAll(t => t.Name != n)))
        {
            var team = Team.Create(businessId, name, now);
            db.Teams.Add(team);
            teams.Add(team);
        }

        var north = teams.Single(t => t.Name == "North");
        foreach (var person in People)
        {
            var account = accounts.Single(a => a.Email == (person == People[0] ? settings.AgentEmail : person.Email));
            account.Role = person.Role;
            if (person.Team is { } teamName)
            {
                var team = teams.Single(t => t.Name == teamName);
                if (!await db.TeamMembers.AnyAsync(m => m.TeamId == team.Id && m.AccountId == account.Id, cancellationToken))
                {
                    db.TeamMembers.Add(new TeamMember { TeamId = team.Id, AccountId = account.Id });
                }
            }

            if (person.Supervises)
            {
                north.SetSupervisors([.. north.Supervisors.Select(s => s.AccountId), account.Id]);
            }

            if (!await db.AccountIdentities.AnyAsync(i => i.BusinessId == businessId && i.Identity == person.Identity, cancellationToken))
            {
                db.AccountIdentities.Add(new AccountIdentityRow { BusinessId = businessId, Identity = person.Identity, AccountId = account.Id });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await services.GetRequiredService<IOrganisationChanges>().AnnounceAsync(businessId, cancellationToken);
    }
}
