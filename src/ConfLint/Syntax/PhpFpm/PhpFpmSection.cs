using ConfLint.Syntax.Ini;

namespace ConfLint.Syntax.PhpFpm;

/// <summary>
/// <c>[name]</c> and the entries up to the next section. FPM reads <c>[global]</c> (any case) as the global options
/// and any other name as a pool; a name seen again (compared without case) reopens that pool, across files too.
/// The name keeps the blanks PHP keeps: <c>[ www ]</c> names the pool <c>" www "</c>; quotes are removed and
/// <c>${VAR}</c> kept as written.
/// </summary>
public sealed class PhpFpmSection : IniSection<PhpFpmEntry>
{
    internal PhpFpmSection(SyntaxTree tree, SyntaxToken openBracket, SyntaxToken nameToken, SyntaxToken closeBracket, IReadOnlyList<PhpFpmEntry> entries)
        : base(tree, openBracket, nameToken, closeBracket, entries)
    {
    }

    /// <summary>Whether this is <c>[global]</c> rather than a pool.</summary>
    public bool IsGlobal => Name.Equals("global", StringComparison.OrdinalIgnoreCase);

    /// <summary>The last entry with this key (FPM compares option names without case; a later value wins), or null.</summary>
    public PhpFpmEntry? Find(string key)
    {
        for (var i = Entries.Count - 1; i >= 0; i--)
        {
            if (Entries[i].Key.Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                return Entries[i];
            }
        }

        return null;
    }
}
