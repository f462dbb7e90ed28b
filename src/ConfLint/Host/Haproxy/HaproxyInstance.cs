using ConfLint.Syntax.Haproxy;
using ConfLint.Workspace;

namespace ConfLint.Host.Haproxy;

/// <summary>One HAProxy process as it reads its configuration: its files in order, the environment its
/// <c>"${VAR}"</c> words see, its <c>global</c> settings, its proxies and its resolvers.</summary>
public sealed class HaproxyInstance
{
    internal HaproxyInstance(string? unitName, IReadOnlyList<ConfigFile> files, Dictionary<string, string> environment)
    {
        UnitName = unitName;
        Files = files;
        Environment = environment;
    }

    /// <summary>The systemd service that runs it, when known.</summary>
    public string? UnitName { get; }

    public IReadOnlyList<ConfigFile> Files { get; }

    /// <summary>The unit's environment, changed by <c>setenv</c>, <c>presetenv</c>, <c>unsetenv</c> and <c>resetenv</c>.</summary>
    public Dictionary<string, string> Environment { get; }

    /// <summary>The lines of every <c>global</c> section, in order.</summary>
    public List<HaproxySetting> Global { get; } = [];

    /// <summary>The <c>global</c> section headers, in order (where a new global setting goes).</summary>
    public List<(HaproxySection Section, ConfigFile File)> GlobalSections { get; } = [];

    public List<HaproxyProxy> Proxies { get; } = [];

    /// <summary>The <c>resolvers</c> sections, by name.</summary>
    public List<(string Name, HaproxySection Section, ConfigFile File)> Resolvers { get; } = [];

    /// <summary>The <c>fcgi-app</c> sections, in order.</summary>
    public List<HaproxyFcgiApp> FcgiApps { get; } = [];

    /// <summary>The <c>fcgi-app</c> HAProxy finds by <paramref name="name"/> (<c>fcgi_app_find_by_name</c>: the first; a
    /// second of the same name is refused).</summary>
    public HaproxyFcgiApp? FcgiApp(string name) => FcgiApps.FirstOrDefault(a => a.Name == name);

    /// <summary>The user and group it runs as.</summary>
    public WebIdentity Web { get; internal set; } = new("root", "root", "HAProxy's default: the user that starts it");

    /// <summary>The last <c>global</c> line with <paramref name="keyword"/>.</summary>
    public HaproxySetting? GlobalSetting(string keyword) => Global.LastOrDefault(s => s.Line.Modifier is null && s.Keyword == keyword);

    /// <summary>The folder HAProxy chroots into after reading its configuration, or null.</summary>
    public string? Chroot => GlobalSetting("chroot")?.Arg(0);

    /// <summary>The backend (or listen section) HAProxy finds by <paramref name="name"/>.</summary>
    public HaproxyProxy? Backend(string name) => Proxies.LastOrDefault(p => p.IsBackend && p.Name == name);

    /// <summary>For messages: "HAProxy (service 'haproxy.service')".</summary>
    public string Describe() => UnitName is { } unit ? $"HAProxy (service '{unit}')" : "HAProxy";

    public override string ToString() => Describe();
}
