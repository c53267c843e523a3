namespace Recordings.Demo;

/// <summary>
/// The <c>Demo</c> configuration section. Demo mode seeds a business and an agent, simulates Twilio's media host on
/// loopback and delivers a dozen calls to the app as signed Twilio webhooks, so the whole pipeline runs offline.
/// It is never on in the Production environment.
/// </summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    public bool Enabled { get; set; }

    /// <summary>
    /// Where the simulated Twilio media host listens: loopback only, and a fixed port, because the recording URLs the
    /// demo calls keep point at it across restarts.
    /// </summary>
    public string TwilioUrl { get; set; } = "http://127.0.0.1:5081";

    public string BusinessName { get; set; } = "Demo Support Centre";

    /// <summary>The demo business's number: inbound demo calls are to it, outbound ones from it.</summary>
    public string BusinessNumber { get; set; } = "+15550100100";

    public string AgentEmail { get; set; } = "demo@recordings.test";

    public string AgentPassword { get; set; } = "demo-password";

    public string AgentName { get; set; } = "Dana Demo";

    /// <summary>Where the generated demo audio is cached (made once with espeak-ng and ffmpeg).</summary>
    public string AudioPath { get; set; } = "data/demo-audio";

    /// <summary>How fast the simulated host sends the "slow" recording, so that its progress can be watched.</summary>
    public int SlowBytesPerSecond { get; set; } = 8_000;

    /// <summary>
    /// The demo business's single sign-on (<c>Demo:Sso:Issuer</c>, <c>:ClientId</c>, <c>:ClientSecret</c>): ./run.sh and
    /// the e2e suite point it at the local test provider (scripts/idp). Empty: the demo business has none.
    /// </summary>
    public DemoSsoOptions Sso { get; set; } = new();
}

/// <summary>The identity provider the demo business signs in with (none when <see cref="Issuer"/> is empty).</summary>
public sealed class DemoSsoOptions
{
    public string Issuer { get; set; } = string.Empty;

    public string ClientId { get; set; } = "recordings-demo";

    public string ClientSecret { get; set; } = string.Empty;
}
