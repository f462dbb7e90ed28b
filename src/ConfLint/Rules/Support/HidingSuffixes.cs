namespace ConfLint.Rules.Support;

/// <summary>The suffixes packaging, editors and admins put on a configuration file to keep it out of an include glob
/// (<c>site.conf.disabled</c>, <c>.bak</c>, <c>.dpkg-old</c>, an editor's <c>~</c>), for the advice that names the file a
/// daemon skips (php-fpm's pool files, supervisord's program files).</summary>
internal static class HidingSuffixes
{
    private static readonly string[] Suffixes = [".disabled", ".disable", ".bak", ".orig", ".old", ".off", ".save", ".dpkg-old", ".dpkg-dist", ".dpkg-bak", ".rpmsave", ".rpmnew", ".ucf-old", ".ucf-dist", "~"];

    /// <summary><paramref name="name"/> with hiding suffixes taken off, one after another, until <paramref name="loads"/>
    /// accepts it or none is left to take.</summary>
    public static string Strip(string name, Func<string, bool> loads)
    {
        var stem = name;
        for (var changed = true; changed && !loads(stem);)
        {
            changed = false;
            foreach (var suffix in Suffixes)
            {
                if (stem.Length > suffix.Length && stem.EndsWith(suffix, StringComparison.Ordinal))
                {
                    stem = stem[..^suffix.Length];
                    changed = true;
                    break;
                }
            }
        }

        return stem;
    }
}
