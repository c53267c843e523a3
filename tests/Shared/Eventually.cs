namespace Recordings.Testing;

/// <summary>
/// For a condition with no event to await (a row Quartz deletes after a job returns, progress written by a background
/// job): checks it again and again for a bounded time. Not a sleep standing in for a result: it fails when the condition
/// never holds. Shared by the test projects (one helper, one timeout, one message).
/// </summary>
public static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return TrueAsync(() => Task.FromResult(condition()), what, timeout);
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            await Task.Delay(25);
        }
    }
}
