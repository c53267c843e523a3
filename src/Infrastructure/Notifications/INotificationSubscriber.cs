namespace Recordings.Infrastructure.Notifications;

/// <summary>
/// Something on this node that hears one PostgreSQL channel through the node's one LISTEN connection
/// (<see cref="PostgresNotificationListener"/>), and must know when that connection may have missed a notification.
/// Registered as a singleton <see cref="INotificationSubscriber"/>; the listener LISTENs to every registered channel.
/// </summary>
/// <remarks>
/// The listener calls these one at a time, on its own loop: keep them short and never block. A notification is
/// delivered after the transaction that sent it commits, on every node. A subscriber that throws on a notification is
/// logged and told <see cref="OnListening"/> (what it failed to take in counts as missed); the others are not affected.
/// </remarks>
public interface INotificationSubscriber
{
    /// <summary>The channel this subscriber hears: lower-case letters, digits and underscores (it is written into <c>LISTEN</c>).</summary>
    string Channel { get; }

    /// <summary>A notification on <see cref="Channel"/>, with its payload.</summary>
    void OnNotification(string payload);

    /// <summary>
    /// The connection listens: at start, and again after every break. Whatever was announced before (while it was
    /// down) was not heard.
    /// </summary>
    void OnListening();

    /// <summary>The connection broke (or the node stops listening): notifications are missed until <see cref="OnListening"/>.</summary>
    void OnConnectionLost();
}
