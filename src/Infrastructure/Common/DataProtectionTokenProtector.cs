using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Recordings.Application.Common.Paging;

namespace Recordings.Infrastructure.Common;

/// <summary>
/// The lists' cursors sealed with ASP.NET Core Data Protection (its keys are in the database, so any node opens any
/// node's cursor), base64url so that they travel in a query string as they are.
/// </summary>
internal sealed class DataProtectionTokenProtector(IDataProtectionProvider provider) : ITokenProtector
{
    private readonly IDataProtector protector = provider.CreateProtector("Recordings.ListCursor.v1");

    public string Protect(string payload) =>
        WebEncoders.Base64UrlEncode(protector.Protect(System.Text.Encoding.UTF8.GetBytes(payload)));

    public string? Unprotect(string token)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(protector.Unprotect(WebEncoders.Base64UrlDecode(token)));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
