using Microsoft.AspNetCore.Mvc;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// The answer with a file this node remembers (ADR-009), opened without a look in storage: an object store (s3) finds
/// an object removed behind the app's back only when the first bytes are read, which is after the action has chosen
/// its answer. When that read finds nothing, and nothing was sent yet, the answer is left to the database, as when a
/// file on disk cannot be opened: the recording is queued again (202 with Retry-After), not a 503 for a store that
/// answered perfectly well.
/// </summary>
public sealed class RememberedFileResult(IActionResult file, Func<Task<IActionResult>> fromDatabase) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await file.ExecuteResultAsync(context);
        }
        catch (FileNotFoundException) when (!context.HttpContext.Response.HasStarted)
        {
            // The file's headers (200 or 206, length, ETag) go; the database's answer is written instead.
            context.HttpContext.Response.Clear();
            await (await fromDatabase()).ExecuteResultAsync(context);
        }
    }
}
