using ConfLint.Syntax;
using ConfLint.Text;

namespace ConfLint.Workspace;

/// <summary>One configuration file of a host: where it is, what kind it is, and its tree or its error.</summary>
public sealed class ConfigFile
{
    private readonly List<IncludeSite> _includedFrom = [];
    private SourceText? _source;

    internal ConfigFile(string serverPath, string resolvedPath, string displayPath, ConfigKind kind)
    {
        ServerPath = serverPath;
        ResolvedPath = resolvedPath;
        DisplayPath = displayPath;
        Kind = kind;
        Id = new FileId(resolvedPath, displayPath);
    }

    /// <summary>The file's identity in diagnostics, edits and fixes: its resolved path and its display path.</summary>
    public FileId Id { get; }

    /// <summary>The path as the config or discovery named it (<c>/etc/nginx/sites-enabled/shop</c>).</summary>
    public string ServerPath { get; }

    /// <summary>The path after following links: the file a fix writes (<c>/etc/nginx/sites-available/shop</c>).</summary>
    public string ResolvedPath { get; }

    /// <summary>The path shown in reports: relative to <c>--root</c>, or as named.</summary>
    public string DisplayPath { get; }

    public ConfigKind Kind { get; }

    /// <summary>The daemon's folder for relative paths in this file: nginx's conf prefix, Apache's ServerRoot,
    /// PHP-FPM's prefix (a server path).</summary>
    public string Prefix { get; internal set; } = "/";

    /// <summary>For a file bind-mounted into a Compose service: the container it is read in, where its includes and
    /// its names are resolved; null for a file of the host.</summary>
    public Compose.ContainerView? Container { get; internal set; }

    /// <summary>For a template the nginx image's entrypoint renders (<see cref="Compose.NginxTemplates"/>): the template's
    /// path in the container; the file is then read as rendered, at <see cref="DaemonPath"/>, and its findings point at
    /// the template's lines. Null for a file read as it is.</summary>
    public string? RenderedFrom { get; internal set; }

    /// <summary>How the template is rendered, while the file is loaded.</summary>
    internal Compose.NginxTemplates? Templates { get; set; }

    /// <summary>The path the daemon knows the file by: in the container it is mounted into, else <see cref="ServerPath"/>.</summary>
    public string DaemonPath => Container?.ContainerPath ?? ServerPath;

    /// <summary>The text, known as this file (<see cref="SourceText.File"/> is <see cref="Id"/>).</summary>
    public SourceText? Source
    {
        get => _source;
        internal set => _source = value is null || value.File == Id ? value : value.WithFile(Id);
    }

    public SyntaxTree? Tree { get; internal set; }

    /// <summary>Why the file could not be read or parsed, when it could not.</summary>
    public SyntaxError? Error { get; internal set; }

    /// <summary>When the file could not be read at all.</summary>
    public string? ReadError { get; internal set; }

    /// <summary>The include directives (or drop-in links) that bring this file in; empty for a file found directly.</summary>
    public IReadOnlyList<IncludeSite> IncludedFrom => _includedFrom;

    /// <summary>Found by discovery or named on the command line, rather than only included.</summary>
    public bool IsEntry { get; internal set; }

    /// <summary>Whether the kind was only guessed from the content, for a file found walking a folder (its path says
    /// nothing): a file that then does not parse as that kind is some other program's, and is left out with a note.</summary>
    public bool KindGuessed { get; internal set; }

    internal void AddIncludedFrom(IncludeSite site)
    {
        lock (_includedFrom)
        {
            _includedFrom.Add(site);
        }
    }

    public override string ToString() => $"{Kind.Name()} {DisplayPath}";
}
