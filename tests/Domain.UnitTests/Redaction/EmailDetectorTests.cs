using Recordings.Domain.Redaction;

namespace Recordings.Domain.UnitTests.Redaction;

public sealed class EmailDetectorTests
{
    private readonly EmailDetector detector = new();

    [Theory]
    [InlineData("write to dana@example.com.", "dana@example.com.")]
    [InlineData("it's dana at example dot com thanks", "dana at example dot com")]
    [InlineData("dana dot cohen at gmail dot com", "dana dot cohen at gmail dot com")]
    [InlineData("dana at gmail", "dana at gmail")]
    [InlineData("dana at walla dot co dot il", "dana at walla dot co dot il")]
    [InlineData("dana at example.com", "dana at example.com")]
    [InlineData("dana @ gmail.com", "dana @ gmail.com")]
    [InlineData("דנה שטרודל ג'ימייל נקודה קום", "דנה שטרודל ג'ימייל נקודה קום")]
    [InlineData("המייל דנה נקודה כהן שטרודל וואלה נקודה קו נקודה איי אל תודה", "דנה נקודה כהן שטרודל וואלה נקודה קו נקודה איי אל")]
    [InlineData("dana at walla dot co dot i l thanks", "dana at walla dot co dot i l")]
    public void FindsAddresses(string said, string address) => detector.Found(said).ShouldBe([address]);

    [Theory]
    [InlineData("call me at three")]
    [InlineData("look at it")]
    [InlineData("I'm at home, the price is 42.50")]
    [InlineData("she is at the office")]
    public void LeavesOtherWords(string said) => detector.Found(said).ShouldBeEmpty();
}
