namespace KeneyApp.Tests;

public class PatientRulesTests
{
    [Theory]
    [InlineData("  Élodie   Lefèvre ", "ELODIE LEFEVRE")]
    [InlineData("François-Noël", "FRANCOIS-NOEL")]
    [InlineData("한국어", "한국어")]
    public void Folding_removes_accents_and_case_and_keeps_length(string input, string expected)
    {
        Assert.Equal(expected, PatientRules.Fold(input));
    }

    [Theory]
    [InlineData("06 12 34 56 78", "+33612345678")]
    [InlineData("06.12.34.56.78", "+33612345678")]
    [InlineData("0033 6 12 34 56 78", "+33612345678")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("12", null)]
    [InlineData("00 12", null)]
    public void Phones_normalise_to_e164(string input, string? expected)
    {
        Assert.Equal(expected, PatientRules.NormalizePhone(input));
    }

    [Fact]
    public void Ins_keys_are_checked_including_corsica()
    {
        var ins = PatientRules.InsWithKey("1800575123456");
        Assert.True(PatientRules.IsValidIns(ins));
        Assert.False(PatientRules.IsValidIns(ins[..13] + ((int.Parse(ins[13..], System.Globalization.CultureInfo.InvariantCulture) + 1) % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.False(PatientRules.IsValidIns("12345"));
        Assert.False(PatientRules.IsValidIns("18005751234567X"));
        // Corsica: 2A counts as 19 in the key.
        var corsican = "1800" + "2A" + "1234567";
        var key = 97 - long.Parse("1800191234567", System.Globalization.CultureInfo.InvariantCulture) % 97;
        Assert.True(PatientRules.IsValidIns(corsican + key.ToString("00", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
