namespace Recordings.Domain.Redaction;

/// <summary>The check digits of the numbers redaction looks for.</summary>
public static class CheckDigits
{
    /// <summary>Whether <paramref name="digits"/> (ASCII digits only) pass the Luhn check (ISO/IEC 7812).</summary>
    public static bool IsLuhnValid(string digits)
    {
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }

    /// <summary>
    /// Whether <paramref name="digits"/> is an Israeli identity number: 9 digits (or 8, read with a leading zero) whose
    /// last is the check digit (the Luhn check over the 9 digits).
    /// </summary>
    public static bool IsIsraeliIdValid(string digits) =>
        digits.Length is 8 or 9 && digits.All(char.IsAsciiDigit) && IsLuhnValid(digits.PadLeft(9, '0')) && digits.TrimStart('0').Length > 0;
}
