using ConfLint.Syntax.Haproxy;
using ConfLint.Workspace;

namespace ConfLint.Host.Haproxy;

/// <summary>
/// A <c>fcgi-app NAME</c> section (HAProxy 2.6, <c>cfg_parse_fcgi_app</c> in fcgi-app.c): how HAProxy speaks FastCGI for
/// the backends whose <c>use-fcgi-app</c> names it. Its <c>docroot</c> builds <c>SCRIPT_FILENAME</c>, its <c>index</c> is
/// appended to a path ending in <c>/</c>, and its <c>path-info</c> regex splits <c>SCRIPT_NAME</c> from
/// <c>PATH_INFO</c>; a repeated one replaces the earlier (the parser frees the old value).
/// </summary>
public sealed class HaproxyFcgiApp
{
    internal HaproxyFcgiApp(string name, HaproxySection section, ConfigFile file)
    {
        Name = name;
        Section = section;
        File = file;
    }

    public string Name { get; }

    public HaproxySection Section { get; }

    public ConfigFile File { get; }

    /// <summary>Its lines that HAProxy reads (lines of an <c>.if</c> block ConfLint cannot decide are left out).</summary>
    public List<HaproxySetting> Settings { get; } = [];

    /// <summary>The last line with <paramref name="keyword"/>, without a modifier.</summary>
    public HaproxySetting? Own(string keyword) => Settings.LastOrDefault(s => s.Line.Modifier is null && s.Keyword == keyword);

    /// <summary>The document root on the FastCGI server's host, or null when none is set (haproxy -c refuses that).</summary>
    public string? Docroot => Own("docroot")?.Arg(0);

    /// <summary>The script name appended to a path ending in <c>/</c> (<c>index.php</c>), or null.</summary>
    public string? Index => Own("index")?.Arg(0);

    /// <summary>The regular expression whose first capture is the script name, or null.</summary>
    public string? PathInfo => Own("path-info")?.Arg(0);

    public string Describe() => $"fcgi-app '{Name}'";

    public override string ToString() => Describe();
}
