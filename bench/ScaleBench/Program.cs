// ScaleBench seed CONNECTION BUSINESS_ID ACCOUNT_SID CALLS AUDIT_ENTRIES TEMPLATES ADMIN_ID AGENT_ID SUPERVISOR_ID
//   Seeds one business with the people of a 200-seat centre (Organisation.cs: 200 agents in 10 teams, 10 supervisors,
//   a number per team; ADMIN_ID, AGENT_ID and SUPERVISOR_ID are accounts made by the operator API, given their roles
//   here) and CALLS calls spread over the last year (each with one ready, measured recording and a transcript of about
//   40 segments, Hebrew or English; 90% attributed to an agent, 30% on a team's number) and AUDIT_ENTRIES audit
//   entries. TEMPLATES distinct conversations are written by this tool, indexed for search by the product's own code,
//   and cloned in SQL with their own SIDs, numbers, times and silences (cloning keeps a 10,000,000-call seed within the hour).
// ScaleBench measure BASE_URL COOKIE_HEADER ADMIN_KEY BUSINESS_ID SAMPLES
//   Times the API over HTTP (sequential requests, after a warm-up) and prints one line per request kind:
//   name, p50 and p95 in ms, how many rows the answer had.
// ScaleBench scopes BASE_URL CONNECTION BUSINESS_ID SAMPLES ADMIN_COOKIE AGENT_COOKIE SUPERVISOR_COOKIE
//   The same, for who sees which call: the agent under agentsSee own and team, the supervisor under own, the admin
//   with agentId and teamId filters (agentsSee is switched in SQL, and announced, between the phases).
using System.Globalization;
using Recordings.Bench.Scale;

if (args.Length == 10 && args[0] == "seed")
{
    await Seeder.SeedAsync(args[1], Guid.Parse(args[2]), args[3], long.Parse(args[4], CultureInfo.InvariantCulture),
        long.Parse(args[5], CultureInfo.InvariantCulture), int.Parse(args[6], CultureInfo.InvariantCulture),
        Guid.Parse(args[7]), Guid.Parse(args[8]), Guid.Parse(args[9]));
    return 0;
}

if (args.Length == 6 && args[0] == "measure")
{
    await Measure.RunAsync(new Uri(args[1]), args[2], args[3], Guid.Parse(args[4]), int.Parse(args[5], CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length == 8 && args[0] == "scopes")
{
    await Scopes.RunAsync(new Uri(args[1]), args[2], Guid.Parse(args[3]), int.Parse(args[4], CultureInfo.InvariantCulture), args[5], args[6], args[7]);
    return 0;
}

await Console.Error.WriteLineAsync("usage: ScaleBench seed CONNECTION BUSINESS_ID ACCOUNT_SID CALLS AUDIT_ENTRIES TEMPLATES ADMIN_ID AGENT_ID SUPERVISOR_ID"
    + " | measure BASE_URL COOKIE ADMIN_KEY BUSINESS_ID SAMPLES | scopes BASE_URL CONNECTION BUSINESS_ID SAMPLES ADMIN_COOKIE AGENT_COOKIE SUPERVISOR_COOKIE");
return 2;
