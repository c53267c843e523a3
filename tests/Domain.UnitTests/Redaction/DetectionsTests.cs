using Recordings.Domain.Redaction;

namespace Recordings.Domain.UnitTests.Redaction;

public sealed class DetectionsTests
{
    [Fact]
    public void TheLongerWins() =>
        Detections.Resolve([new Detection(RedactedEntity.IsraeliId, 3, 5), new Detection(RedactedEntity.Card, 0, 8)])
            .ShouldBe([new Detection(RedactedEntity.Card, 0, 8)]);

    [Fact]
    public void AtEqualLengthTheCuedThenTheMoreSensitiveWins()
    {
        Detections.Resolve([new Detection(RedactedEntity.IsraeliId, 0, 8), new Detection(RedactedEntity.Phone, 0, 8)])
            .ShouldBe([new Detection(RedactedEntity.Phone, 0, 8)]);
        Detections.Resolve([new Detection(RedactedEntity.IsraeliId, 0, 8, Cued: true), new Detection(RedactedEntity.Phone, 0, 8)])
            .ShouldBe([new Detection(RedactedEntity.IsraeliId, 0, 8, Cued: true)]);
    }

    [Fact]
    public void ALoserReachingBeyondTheWinnerWidensIt() =>
        Detections.Resolve([new Detection(RedactedEntity.Card, 0, 15), new Detection(RedactedEntity.IsraeliId, 12, 20)])
            .ShouldBe([new Detection(RedactedEntity.Card, 0, 20)]);

    [Fact]
    public void DetectionsApartAllStay() =>
        Detections.Resolve([new Detection(RedactedEntity.Cvv, 10, 12), new Detection(RedactedEntity.Card, 0, 8)])
            .ShouldBe([new Detection(RedactedEntity.Card, 0, 8), new Detection(RedactedEntity.Cvv, 10, 12)]);
}
