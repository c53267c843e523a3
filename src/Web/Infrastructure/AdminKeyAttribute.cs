using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// Admin endpoints: 404 while <c>Admin:ApiKey</c> is not configured (the admin API does not exist), 401 for a missing or
/// wrong <c>X-Admin-Key</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AdminKeyAttribute : Attribute, IAuthorizationFilter
{
    public const string HeaderName = "X-Admin-Key";

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var configured = context.HttpContext.RequestServices.GetRequiredService<IConfiguration>()["Admin:ApiKey"];
        if (string.IsNullOrEmpty(configured))
        {
            context.Result = Result(StatusCodes.Status404NotFound, "not_found", "There is no such endpoint.");
            return;
        }

        var given = context.HttpContext.Request.Headers[HeaderName].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Hash(given), Hash(configured)))
        {
            context.Result = Result(StatusCodes.Status401Unauthorized, "invalid_admin_key", $"A valid {HeaderName} header is required.");
        }
    }

    // Hashing first makes the comparison take the same time whatever the lengths.
    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));

    private static IActionResult Result(int status, string code, string detail) => Problems.Result(status, code, detail);
}
