namespace ConfLint.Validation;

/// <summary>
/// mod_reqtimeout's <c>RequestReadTimeout</c>: each word is <c>handshake=</c>, <c>header=</c> or <c>body=</c> with a
/// timeout (seconds, or a range <c>min-max</c> that needs a <c>MinRate</c>) and optional <c>,MinRate=bytes</c>; httpd
/// answers "RequestReadTimeout: WORD: ..." for an unknown key, a value that is not a number, or a range without a rate.
/// A word without '=' is left alone.
/// </summary>
internal static class ApacheRequestTimeout
{
    public static string? Problem(IReadOnlyList<string> args)
    {
        foreach (var arg in args)
        {
            var eq = arg.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            var key = arg[..eq];
            if (!new[] { "handshake", "header", "body" }.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                return $"RequestReadTimeout: {arg}: Unknown RequestReadTimeout parameter";
            }

            var parts = arg[(eq + 1)..].Split(',');
            var range = false;
            var rate = false;
            for (var i = 0; i < parts.Length; i++)
            {
                var part = parts[i];
                if (i > 0)
                {
                    if (!part.StartsWith("minrate=", StringComparison.OrdinalIgnoreCase))
                    {
                        return null;
                    }

                    rate = true;
                    part = part["minrate=".Length..];
                    if (NotNumber(part))
                    {
                        return $"RequestReadTimeout: {arg}: Value '{part}' not numerical";
                    }

                    continue;
                }

                var dash = part.IndexOf('-', StringComparison.Ordinal);
                range = dash > 0;
                foreach (var number in range ? [part[..dash], part[(dash + 1)..]] : new[] { part })
                {
                    if (NotNumber(number))
                    {
                        return $"RequestReadTimeout: {arg}: Value '{number}' not numerical";
                    }
                }
            }

            if (range && !rate)
            {
                return $"RequestReadTimeout: {arg}: Must set MinRate option if using timeout range";
            }
        }

        return null;
    }

    /// <summary>parse_int's apr_strtoi64 must read the whole word (an empty word reads as 0).</summary>
    private static bool NotNumber(string text) => text.Length > 0
        && ((!char.IsAsciiDigit(text[0]) && text[0] is not ('-' or '+')) || text.Skip(1).Any(c => !char.IsAsciiDigit(c)));
}
