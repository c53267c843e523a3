using Recordings.Infrastructure.Twilio;

namespace Recordings.Infrastructure.UnitTests.Twilio;

/// <summary>
/// Vectors (URL, auth token, parameters, expected signature) are copied from the request-validator tests of
/// Twilio's own SDKs; each one names its source:
///   [cs]   twilio/twilio-csharp  test/Twilio.Test/Security/RequestValidatorTest.cs
///   [py]   twilio/twilio-python  tests/unit/test_request_validator.py
///   [node] twilio/twilio-node    spec/validation.spec.js
///   [java] twilio/twilio-java    src/test/java/com/twilio/security/RequestValidatorTest.java
///   [php]  twilio/twilio-php     tests/Twilio/Unit/RequestValidatorTest.php
///   [rb]   twilio/twilio-ruby    spec/security/request_validator_spec.rb
///   [go]   twilio/twilio-go      client/request_validator_test.go
/// </summary>
public class TwilioRequestValidatorTests
{
    // All SDKs: token "12345", this URL and these five parameters.
    private const string AuthToken = "12345";
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string BasicSignature = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    private static readonly KeyValuePair<string, string>[] BasicParameters =
    [
        // Intentionally out of order, as in [cs].
        new("CallSid", "CA1234567890ABCDE"),
        new("From", "+14158675309"),
        new("Digits", "1234"),
        new("To", "+18005551212"),
        new("Caller", "+14158675309"),
    ];

    private static readonly KeyValuePair<string, string>[] NoParameters = [];

    private static KeyValuePair<string, string>[] Pairs(params (string Name, string Value)[] pairs) =>
        [.. pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))];

    // Vectors whose signature Twilio computed over the URL exactly as written (no port added or removed).
    public static TheoryData<string, string> UrlAsGivenVectors => new()
    {
        { Url, BasicSignature },                                                          // all SDKs
        { "https://MyCompany.com/myapp.php?foo=1&bar=2", "g9IN/x4Cft2g517EjYvEvM/W7LU=" }, // [cs] mixed-case host
        { "https://MyCompany.com:1234/myapp.php?foo=1&bar=2", "PCqOZm8cnu/L6+u5i5fuEd+Iac4=" }, // [cs]
        { "http://MyCompany.com/myapp.php?foo=1&bar=2", "XY7AlKOKL6im4yWyX84gldUrtis=" },  // [cs]
        { "https://mycompany.com:1234/myapp.php?foo=1&bar=2", "CYn1h0gLBdNxDGkKJg6hYohgeD8=" }, // [cs] custom port kept
        { "http://mycompany.com:1234/myapp.php?foo=1&bar=2", "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=" }, // [cs][py][node][java][php][rb][go]
        { "http://username:password@MyCompany.com/myapp.php?foo=1&bar=2", "PJ08CxXr7KLPjEQCTc8LkUSMwSM=" }, // [cs] credentials kept
        { "HTTP://username:password@MyCompany.com/myapp.php?foo=1&bar=2", "hy/l8pca+LFms4cvRdv8uiP6NGc=" }, // [cs] upper-case scheme
        { "http://Username:Password@MyCompany.com/myapp.php?foo=1&bar=2", "SkTSKyDJH9kUlhItI0slbgZ1UsI=" }, // [cs]
        { "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2", "CukzLTc1tT5dXEDIHm/tKBanW10=" }, // [node][php][rb]
        { "https://user@mycompany.com/myapp.php?foo=1&bar=2", "2YRLlVAflCqxaNicjMpJcSTgzSs=" },      // [node][php][rb]
        { "https://mycompany.com/myapp.php", "1xaxFBvyzXYvWplzNOSs28HWO94=" },                        // [java] no query
        { "https://mycompany.com/myapp.php?foo=1&bar=2&type=thiswontbeusedinthesignaturegeneratorandsoshouldbeignored", "hYkNsTBttoNGkyCS0p+wWmQoRTg=" }, // [java]
        { "https://mycompany.com/myapp.php?foo=hello%20world&bar=test%2Bvalue", "er2tvAP1Wx+iuTTE2BPgvEaN1cs=" }, // [java] escapes are signed as sent
        { "https://mycompany.com/webhook/España?año=2023", "G/Hx6mqqnjUNlPAoi2Sp9bGst0g=" },          // [java] non-ASCII URL
        { "https://mycompany.com:443//myapp.php?foo=1&bar=2", "A9lH3u16NjyiiM/+wylw5rirFUs=" },       // [java] odd URL signed as-is
        // [node] "should validate urls with special characters": the older spec/validation.spec.js (commit
        // a0c53dc3478ae7bc3c8ab3121c6779f6bc4d30e0 and earlier) expects dsq4... for the raw quote; the current file
        // expects TfZz..., which is the signature of the %27-escaped form that node's URL class produces.
        { Url + "&Body=It's+amazing", "dsq4Ehbj6cs+KdTkpF5sSSplOWw=" },
        { Url + "&Body=It%27s+amazing", "TfZzewPq8wqrGlMfyAud8+/IvJ0=" },
    };

    [Theory]
    [MemberData(nameof(UrlAsGivenVectors))]
    public void ComputesTwilioPublishedVectorSignatureForUrlAsGiven(string url, string expected)
    {
        TwilioRequestValidator.ComputeSignature(AuthToken, url, BasicParameters).ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(UrlAsGivenVectors))]
    public void AcceptsTwilioPublishedVectorSignature(string url, string signature)
    {
        TwilioRequestValidator.IsValid(AuthToken, url, BasicParameters, signature).ShouldBeTrue();
    }

    // Twilio sometimes signs the URL with the standard port, sometimes without any port; validators accept both.
    [Theory]
    // [cs] TestValidateRemovesPortHttps, [py][node][java][php][rb][go]: https URL with port 1234 validated by the
    // signature of the port-less URL.
    [InlineData("https://mycompany.com:1234/myapp.php?foo=1&bar=2", BasicSignature)]
    // [py][node][java][php][rb][go][cs] port-less https URL validated by the signature of the URL with :443.
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=2", "kvajT1Ptam85bY51eRf/AJRuM3w=")]
    // [py][node][java][php][rb][go][cs] port-less http URL validated by the signature of the URL with :80.
    [InlineData("http://mycompany.com/myapp.php?foo=1&bar=2", "0ZXoZLH/DfblKGATFgpif+LLRf4=")]
    // [node][php][rb] credentials are kept and the port goes after the host.
    [InlineData("https://user:pass@mycompany.com/myapp.php?foo=1&bar=2", "ZQFR1PTIZXF2MXB8ZnKCvnnA+rI=")]
    public void AcceptsTwilioPublishedVectorSignedWithPortAddedOrRemoved(string url, string signature)
    {
        TwilioRequestValidator.IsValid(AuthToken, url, BasicParameters, signature).ShouldBeTrue();
    }

    [Fact]
    public void AcceptsPortLessSignatureWhenRequestUrlCarriesStandardPort()
    {
        // Reverse direction of the vectors above (as in twilio-node spec/unit/webhooks/webhooks.spec.js, which
        // builds its signatures at run time): signed without port, received with ":443", and vice versa.
        TwilioRequestValidator.IsValid(AuthToken, "https://mycompany.com:443/myapp.php?foo=1&bar=2", BasicParameters, BasicSignature)
            .ShouldBeTrue();
        TwilioRequestValidator.IsValid(AuthToken, "http://mycompany.com:80/myapp.php?foo=1&bar=2", BasicParameters, "0ZXoZLH/DfblKGATFgpif+LLRf4=")
            .ShouldBeTrue();
    }

    [Fact]
    public void ComputesTwilioPublishedPortVariantSignatures()
    {
        TwilioRequestValidator.ComputeSignature(AuthToken, "https://mycompany.com:443/myapp.php?foo=1&bar=2", BasicParameters)
            .ShouldBe("kvajT1Ptam85bY51eRf/AJRuM3w=");
        TwilioRequestValidator.ComputeSignature(AuthToken, "http://mycompany.com:80/myapp.php?foo=1&bar=2", BasicParameters)
            .ShouldBe("0ZXoZLH/DfblKGATFgpif+LLRf4=");
        TwilioRequestValidator.ComputeSignature(AuthToken, "https://user:pass@mycompany.com:443/myapp.php?foo=1&bar=2", BasicParameters)
            .ShouldBe("ZQFR1PTIZXF2MXB8ZnKCvnnA+rI=");
    }

    public static TheoryData<string, KeyValuePair<string, string>[], string> ParameterVectors => new()
    {
        // [java] testValidateWithEmptyParams: signature of the URL alone.
        { Url, NoParameters, "zYQTYrRWXE7LtzbG4PfP7/bkkGo=" },
        // [java] testValidateWithSpecialCharactersInParams (includes non-ASCII values).
        { Url, Pairs(("Message", "Hello & goodbye! @#$%^*()"), ("From", "+1 (415) 867-5309"), ("Special", "unicode: ñáéíóú")), "dCPiR4WtQ6QFN6pJh81CtlCcWLQ=" },
        // [java] testValidateWithEmptyParameterValues.
        { Url, Pairs(("Digits", ""), ("CallSid", "CA1234567890ABCDE"), ("EmptyParam", "")), "9HHp/OqQMEwdrVebHDdA/+tqjX8=" },
        // [java] testValidateWithNullParameterValues: null values are signed as empty strings.
        { Url, Pairs(("Digits", null!), ("CallSid", "CA1234567890ABCDE"), ("NullParam", null!)), "L9lTTwIlxM1xGAtLRwhOSZggRhM=" },
        // [java] testValidateParameterKeySorting.
        { Url, Pairs(("Zebra", "last"), ("Alpha", "first"), ("Beta", "second"), ("Gamma", "third")), "enveUe73ZTVLAekHxez3Qx6JuuQ=" },
        // [java] testValidateWithCaseSensitiveParameterKeys: ordinal order CALLSID < CallSid < callSid.
        { Url, Pairs(("callSid", "lowercase"), ("CallSid", "uppercase"), ("CALLSID", "allcaps")), "jDK7WKT8wiNrwggd4ceTv4e1MJ4=" },
        // [py] test_compute_signature_duplicate_multi_dict / [node] "multiple params and values": repeated name,
        // values sorted ordinally.
        { Url, Pairs(("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234")), "IK+Dwps556ElfBT0I3Rgjkr1wJU=" },
        // [node] "array parameter" - both value orders give the same signature.
        { Url, Pairs(("MessagingBinding.Address", "+1325xxxxxxx"), ("MessagingBinding.Address", "+1415xxxxxxx")), "83O6e2vORAoJHUNzJjDWN1jz+BA=" },
        { Url, Pairs(("MessagingBinding.Address", "+1415xxxxxxx"), ("MessagingBinding.Address", "+1325xxxxxxx")), "83O6e2vORAoJHUNzJjDWN1jz+BA=" },
        // [cs][py][java][php][rb][go] JSON-body requests: Twilio signs the URL carrying bodySHA256 with no form
        // parameters. (Only the URL signature is checked here; the body hash itself is not part of this class.)
        { Url + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620", NoParameters, "a9nBmqA0ju/hNViExpshrM61xv4=" },
        { "https://mycompany.com/myapp.php?bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620", NoParameters, "y77kIzt2vzLz71DgmJGsen2scGs=" },
    };

    [Theory]
    [MemberData(nameof(ParameterVectors))]
    public void ComputesTwilioPublishedParameterVectorSignature(string url, KeyValuePair<string, string>[] parameters, string expected)
    {
        TwilioRequestValidator.ComputeSignature(AuthToken, url, parameters).ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(ParameterVectors))]
    public void AcceptsTwilioPublishedParameterVectorSignature(string url, KeyValuePair<string, string>[] parameters, string signature)
    {
        TwilioRequestValidator.IsValid(AuthToken, url, parameters, signature).ShouldBeTrue();
    }

    [Fact]
    public void KeepsIdenticalRepeatedPairsInsteadOfCollapsingThem()
    {
        // twilio-node and twilio-php collapse identical repeated values (Digits = 5678, 1234, 1234 still gives
        // IK+Dwps556ElfBT0I3Rgjkr1wJU=); twilio-python and this class sign every pair Twilio sent.
        var parameters = Pairs(("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234"), ("Digits", "1234"));

        TwilioRequestValidator.ComputeSignature(AuthToken, Url, parameters).ShouldNotBe("IK+Dwps556ElfBT0I3Rgjkr1wJU=");
    }

    // Negative vectors from the SDKs.
    [Theory]
    [InlineData(Url, "NOTRSOYDt4T1cUTdK1PDd93/VVr8B8=")]                                   // [cs][java] TestValidateFailsWhenIncorrect
    [InlineData(Url, "WRONG SIGNATURE")]                                                   // [go]
    [InlineData(Url, "fake_signature")]                                                    // [rb]
    [InlineData(Url, "IncorrectSignatureValue123=")]                                       // [java]
    [InlineData("https://MyCompany.com/myapp.php?foo=1&bar=2", BasicSignature)]           // [cs] host case matters
    [InlineData("https://MyCompany.com:1234/myapp.php?foo=1&bar=2", BasicSignature)]      // [cs]
    [InlineData("http://MyCompany.com/myapp.php?foo=1&bar=2", BasicSignature)]            // [cs]
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=3", BasicSignature)]           // tampered query
    [InlineData("https://evil.example/myapp.php?foo=1&bar=2", BasicSignature)]            // different host
    public void RejectsSignatureThatDoesNotMatchTheUrl(string url, string signature)
    {
        TwilioRequestValidator.IsValid(AuthToken, url, BasicParameters, signature).ShouldBeFalse();
    }

    [Fact]
    public void RejectsTamperedParameterValue()
    {
        var tampered = BasicParameters.Select(p => p.Key == "Digits" ? new KeyValuePair<string, string>("Digits", "9999") : p).ToArray();

        TwilioRequestValidator.IsValid(AuthToken, Url, tampered, BasicSignature).ShouldBeFalse();
    }

    [Fact]
    public void RejectsAddedParameter()
    {
        var extended = BasicParameters.Append(new KeyValuePair<string, string>("RecordingUrl", "https://evil.example/r.mp3")).ToArray();

        TwilioRequestValidator.IsValid(AuthToken, Url, extended, BasicSignature).ShouldBeFalse();
    }

    [Fact]
    public void RejectsRemovedParameter()
    {
        TwilioRequestValidator.IsValid(AuthToken, Url, BasicParameters.Where(p => p.Key != "To").ToArray(), BasicSignature).ShouldBeFalse();
    }

    [Fact]
    public void RejectsSignatureMadeWithAnotherAuthToken()
    {
        TwilioRequestValidator.IsValid("54321", Url, BasicParameters, BasicSignature).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void RejectsMissingSignature(string? signature)
    {
        TwilioRequestValidator.IsValid(AuthToken, Url, BasicParameters, signature).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void RejectsMissingAuthToken(string? authToken)
    {
        TwilioRequestValidator.IsValid(authToken!, Url, BasicParameters, BasicSignature).ShouldBeFalse();
    }

    [Fact]
    public void RejectsSignatureWithDifferentCasingOrPadding()
    {
        TwilioRequestValidator.IsValid(AuthToken, Url, BasicParameters, BasicSignature.ToLowerInvariant()).ShouldBeFalse();
        TwilioRequestValidator.IsValid(AuthToken, Url, BasicParameters, BasicSignature.TrimEnd('=')).ShouldBeFalse();
        TwilioRequestValidator.IsValid(AuthToken, Url, BasicParameters, BasicSignature + " ").ShouldBeFalse();
    }

    [Fact]
    public void DoesNotAcceptNonStandardPortThatWasNotSigned()
    {
        // Signed without port: adding an arbitrary port is tolerated (Twilio strips any port), but a port-less
        // request must not match a signature made for a non-standard port.
        TwilioRequestValidator.IsValid(AuthToken, Url, BasicParameters, "CYn1h0gLBdNxDGkKJg6hYohgeD8=").ShouldBeFalse();
    }

    [Fact]
    public void SignatureDoesNotDependOnParameterOrder()
    {
        var reversed = Enumerable.Reverse(BasicParameters).ToArray();
        var sortedByName = BasicParameters.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();

        TwilioRequestValidator.ComputeSignature(AuthToken, Url, reversed).ShouldBe(BasicSignature);
        TwilioRequestValidator.ComputeSignature(AuthToken, Url, sortedByName).ShouldBe(BasicSignature);
        TwilioRequestValidator.IsValid(AuthToken, Url, reversed, BasicSignature).ShouldBeTrue();
    }

    [Fact]
    public void ComputesSignatureOverUtf8ForHebrewValueAndAcceptsIt()
    {
        var parameters = Pairs(("Body", "שלום"), ("From", "+972501234567"), ("CallSid", "CA1234567890ABCDE"));

        var signature = TwilioRequestValidator.ComputeSignature(AuthToken, Url, parameters);

        // HMAC-SHA1 gives 20 bytes, i.e. 28 base64 characters.
        signature.Length.ShouldBe(28);
        TwilioRequestValidator.IsValid(AuthToken, Url, parameters, signature).ShouldBeTrue();
        TwilioRequestValidator.IsValid(AuthToken, "https://mycompany.com:443/myapp.php?foo=1&bar=2", parameters, signature).ShouldBeTrue();
        TwilioRequestValidator.IsValid(AuthToken, Url, Pairs(("Body", "שלוס"), ("From", "+972501234567"), ("CallSid", "CA1234567890ABCDE")), signature)
            .ShouldBeFalse();
    }

    [Fact]
    public void AcceptsIpv6HostWithPortAddedOrRemoved()
    {
        const string withoutPort = "https://[2001:db8::1]/hook?x=1";
        const string withPort = "https://[2001:db8::1]:443/hook?x=1";
        var signedWithoutPort = TwilioRequestValidator.ComputeSignature(AuthToken, withoutPort, BasicParameters);
        var signedWithPort = TwilioRequestValidator.ComputeSignature(AuthToken, withPort, BasicParameters);

        TwilioRequestValidator.IsValid(AuthToken, withPort, BasicParameters, signedWithoutPort).ShouldBeTrue();
        TwilioRequestValidator.IsValid(AuthToken, withoutPort, BasicParameters, signedWithPort).ShouldBeTrue();
    }
}
