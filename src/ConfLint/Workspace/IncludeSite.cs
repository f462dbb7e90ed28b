using ConfLint.Syntax;

namespace ConfLint.Workspace;

/// <summary>An include directive and the files it brings in, in the order the daemon reads them.</summary>
public sealed class IncludeSite
{
    internal IncludeSite(ConfigFile from, SyntaxNode directive, SyntaxToken patternToken, string pattern, bool required)
    {
        From = from;
        Directive = directive;
        PatternToken = patternToken;
        Pattern = pattern;
        Required = required;
    }

    public ConfigFile From { get; }

    /// <summary>The <c>include</c> (nginx), <c>Include</c>/<c>IncludeOptional</c> (Apache) or <c>include=</c> (PHP-FPM) node.</summary>
    public SyntaxNode Directive { get; }

    public SyntaxToken PatternToken { get; }

    /// <summary>The server path or glob the directive names, made absolute.</summary>
    public string Pattern { get; }

    /// <summary>Whether the daemon refuses to start when nothing matches.</summary>
    public bool Required { get; }

    public IReadOnlyList<ConfigFile> Targets { get; internal set; } = [];

    /// <summary>Matches that are links to files the root does not hold, in folders it does not hold either (Debian's
    /// <c>modules-enabled</c> links into <c>/usr/share</c>, in a root of <c>/etc</c> only): what they bring in is not known.</summary>
    public IReadOnlyList<string> UnplacedLinks { get; internal set; } = [];

    /// <summary>Set when this include is not followed: it would close a cycle (the daemon would loop), or expand its file past
    /// what ConfLint reads (<see cref="IncludeFanOut"/>).</summary>
    public bool ClosesCycle { get; internal set; }
}
