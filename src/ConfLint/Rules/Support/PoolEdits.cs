using ConfLint.Diagnostics;
using ConfLint.Host.PhpFpm;
using ConfLint.Syntax.PhpFpm;

namespace ConfLint.Rules.Support;

/// <summary>Setting keys of a PHP-FPM pool: an existing entry gets the new value in place; missing ones are
/// written after an anchor entry, with its spacing around <c>=</c>.</summary>
internal static class PoolEdits
{
    public static List<FileEdit> Set(FpmPool pool, string anchorKey, params (string Key, string Value)[] settings)
    {
        var edits = new List<FileEdit>();
        var missing = new List<(string Key, string Value)>();
        foreach (var (key, value) in settings)
        {
            if (pool.Entry(key) is var (entry, file))
            {
                if (pool.Get(key) == value)
                {
                    continue;
                }

                edits.Add(entry.ValueToken is { } token
                    ? Edits.ReplaceToken(file, token, PhpFpmText.Quote(value))
                    : Edits.Replace(file, new Text.TextSpan(entry.EqualsSign.End, 0), " " + PhpFpmText.Quote(value)));
            }
            else
            {
                missing.Add((key, value));
            }
        }

        if (missing.Count > 0)
        {
            var (anchor, anchorFile) = pool.Entry(anchorKey) ?? pool.Entries.Last();
            var separator = Edits.Separator(anchorFile.Source!, anchor.KeyToken, anchor.ValueToken, " = ");
            edits.Add(Edits.InsertLinesAfter(anchorFile, anchor, missing.Select(m => m.Key + separator + PhpFpmText.Quote(m.Value))));
        }

        return edits;
    }
}
