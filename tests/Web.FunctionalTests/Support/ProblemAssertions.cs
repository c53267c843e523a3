using System.Net;
using System.Text.Json;

namespace Recordings.Web.FunctionalTests.Support;

public static class ProblemAssertions
{
    /// <summary>
    /// Asserts an RFC 9457 problem document with this status and code, written by the one error path (so with the
    /// request's <c>traceId</c> and HTTP's reason phrase as its title), and no internals in it.
    /// </summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.GetProperty("code").GetString().ShouldBe(code, body);
        problem.GetProperty("title").GetString().ShouldBe(Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase((int)status), body);
        problem.GetProperty("traceId").GetString().ShouldNotBeNullOrEmpty(body);
        problem.GetProperty("type").GetString().ShouldNotBeNullOrEmpty();
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrEmpty();
        body.ShouldNotContain("   at ");
        body.ShouldNotContain("/work/");
        // No CLR type, namespace or parser position: "Recordings.Web.Controllers.AuthController+LoginRequest".
        body.ShouldNotContain("Recordings.");
        body.ShouldNotContain("System.");
        body.ShouldNotContain("LineNumber");
        return problem;
    }
}
