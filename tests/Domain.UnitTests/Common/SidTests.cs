using Recordings.Domain.Common;

namespace Recordings.Domain.UnitTests.Common;

public sealed class SidTests
{
    private const string Hex32Lower = "0123456789abcdef0123456789abcdef";
    private const string Hex32Upper = "0123456789ABCDEF0123456789ABCDEF";
    private const string Hex32Mixed = "0123456789aBcDeF0123456789AbCdEf";
    private const string Hex31 = "0123456789abcdef0123456789abcde";

    public static TheoryData<string, string> ValidSids()
    {
        var data = new TheoryData<string, string>();
        foreach (var prefix in new[] { "CA", "RE", "AC" })
        {
            data.Add(prefix, prefix + Hex32Lower);
            data.Add(prefix, prefix + Hex32Upper);
            data.Add(prefix, prefix + Hex32Mixed);
        }

        return data;
    }

    public static TheoryData<string, string> InvalidSids()
    {
        var data = new TheoryData<string, string>();
        string[] prefixes = ["CA", "RE", "AC"];
        foreach (var prefix in prefixes)
        {
            foreach (var other in prefixes.Where(p => p != prefix))
            {
                data.Add(prefix, other + Hex32Lower); // another kind of SID
            }

            data.Add(prefix, prefix.ToLowerInvariant() + Hex32Lower); // the prefix is upper case
            data.Add(prefix, "XX" + Hex32Lower);
            data.Add(prefix, prefix + Hex31); // 31 hex digits
            data.Add(prefix, prefix + Hex32Lower + "0"); // 33 hex digits
            data.Add(prefix, prefix + Hex31 + "g"); // not hex
            data.Add(prefix, prefix + Hex31 + "\n"); // a trailing newline in place of the last digit
            data.Add(prefix, prefix + Hex32Lower + "\n"); // a trailing newline after the digits
            data.Add(prefix, " " + prefix + Hex32Lower);
            data.Add(prefix, prefix + "-123456789abcdef0123456789abcdef");
            data.Add(prefix, prefix + "٠١٢٣٤٥٦٧٨٩abcdef0123456789abcdef"); // Arabic-Indic digits are not hex digits
            data.Add(prefix, prefix);
            data.Add(prefix, string.Empty);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidSids))]
    public void AcceptsItsPrefixFollowedByThirtyTwoHexDigitsInAnyCase(string prefix, string value)
    {
        IsSidOfKind(prefix, value).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(InvalidSids))]
    public void RejectsAnythingElse(string prefix, string value)
    {
        IsSidOfKind(prefix, value).ShouldBeFalse();
    }

    [Fact]
    public void RejectsNull()
    {
        Sid.IsCallSid(null).ShouldBeFalse();
        Sid.IsRecordingSid(null).ShouldBeFalse();
        Sid.IsAccountSid(null).ShouldBeFalse();
    }

    private static bool IsSidOfKind(string prefix, string value) => prefix switch
    {
        "CA" => Sid.IsCallSid(value),
        "RE" => Sid.IsRecordingSid(value),
        "AC" => Sid.IsAccountSid(value),
        _ => throw new ArgumentOutOfRangeException(nameof(prefix), prefix, null),
    };
}
