using ConfLint.Syntax.Ini;

namespace ConfLint.Syntax.Supervisor;

/// <summary>A supervisord configuration file (<c>supervisord.conf</c>, a <c>conf.d/*.conf</c> it includes): its sections
/// and the end-of-file token. Options before the first section are a syntax error, as for supervisord.</summary>
public sealed class SupervisorConfigFile : IniFile<SupervisorSection, SupervisorEntry>
{
    internal SupervisorConfigFile(SyntaxTree tree, IReadOnlyList<SupervisorSection> sections, SyntaxToken endOfFile)
        : base(tree, [], sections, endOfFile)
    {
    }

    /// <summary>The sections called <paramref name="name"/>, in order.</summary>
    public IEnumerable<SupervisorSection> SectionsNamed(string name) => Sections.Where(s => s.Name == name);
}
