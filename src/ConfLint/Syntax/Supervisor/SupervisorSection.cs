using ConfLint.Syntax.Ini;

namespace ConfLint.Syntax.Supervisor;

/// <summary>
/// <c>[name]</c> and the options up to the next header: <c>[supervisord]</c>, <c>[program:x]</c>, <c>[group:x]</c>,
/// <c>[include]</c>, <c>[fcgi-program:x]</c>, <c>[eventlistener:x]</c> and the servers' sections. A name seen again
/// (in this file or an included one) adds to the same section, a later value winning.
/// </summary>
public sealed class SupervisorSection : IniSection<SupervisorEntry>
{
    internal SupervisorSection(SyntaxTree tree, SyntaxToken openBracket, SyntaxToken nameToken, SyntaxToken closeBracket, IReadOnlyList<SupervisorEntry> entries)
        : base(tree, openBracket, nameToken, closeBracket, entries)
    {
    }

    /// <summary>The kind before the colon (<c>program</c> for <c>[program:app]</c>), or the whole name.</summary>
    public string Kind => Name.IndexOf(':') is var colon and >= 0 ? Name[..colon] : Name;

    /// <summary>The name after the colon (<c>app</c> for <c>[program:app]</c>), or null.</summary>
    public string? Label => Name.IndexOf(':') is var colon and >= 0 ? Name[(colon + 1)..] : null;

    /// <summary>The last entry with this key (keys compared in lower case), or null.</summary>
    public SupervisorEntry? Find(string key)
    {
        for (var i = Entries.Count - 1; i >= 0; i--)
        {
            if (Entries[i].Key == key)
            {
                return Entries[i];
            }
        }

        return null;
    }
}
