namespace ConfLint.Tests.Differential.Mutation;

/// <summary>
/// Edits of a regular expression an operator makes (a parenthesis or class left open, a quantifier with nothing to
/// repeat, a range backwards) and rewrites in PCRE's own syntax that .NET's Regex does not read (possessive
/// quantifiers, <c>\Q...\E</c>, branch reset, Python-style named groups): the daemon's PCRE2 decides each.
/// </summary>
internal static class RegexEdits
{
    /// <summary>The edited pattern, what was done, and whether it is meant harmless.</summary>
    public static (string Pattern, string What, bool Harmless) Edit(string pattern, Random random)
    {
        var at = pattern.Length == 0 ? 0 : 1 + random.Next(pattern.Length);
        var start = pattern.StartsWith('^') ? 1 : 0;
        return random.Next(8) switch
        {
            0 => (pattern.Insert(at, "("), "'(' added", false),
            1 => (pattern + "[a-", "class left open", false),
            2 => (pattern.Insert(start, "*"), "quantifier first", false),
            3 => (pattern.Insert(start, "[z-a]"), "range backwards", false),
            4 => (pattern + "(?:\\Qz.\\E)?+", "possessive \\Q..\\E group", true),
            5 => ("(?|" + pattern + ")", "branch reset", true),
            6 => ("(?P<mutated>" + pattern + ")", "Python-style named group", true),
            _ => (pattern.Insert(start, "(?<=a+)?"), "lookbehind of no fixed length", false),
        };
    }
}
