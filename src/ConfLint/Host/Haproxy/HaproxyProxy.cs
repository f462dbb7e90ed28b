using ConfLint.Syntax.Haproxy;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Host.Haproxy;

/// <summary>
/// A <c>defaults</c>, <c>frontend</c>, <c>backend</c> or <c>listen</c> section as HAProxy 2.6 sets it up: its own lines,
/// and the <c>defaults</c> section it inherits from (the one named by <c>from NAME</c>, else the last one before it);
/// a defaults section inherits only through its own <c>from</c>. A setting the section does not write comes from
/// there.
/// </summary>
public sealed class HaproxyProxy
{
    internal HaproxyProxy(HaproxyInstance instance, HaproxySection section, ConfigFile file, HaproxyProxy? defaults, string? name)
    {
        Instance = instance;
        Section = section;
        File = file;
        Defaults = defaults;
        Name = name;
    }

    public HaproxyInstance Instance { get; }

    public HaproxySection Section { get; }

    public ConfigFile File { get; }

    /// <summary><c>defaults</c>, <c>frontend</c>, <c>backend</c> or <c>listen</c>.</summary>
    public string Kind => Section.Kind;

    /// <summary>The section's name; null for an unnamed defaults section.</summary>
    public string? Name { get; }

    /// <summary>The defaults section it inherits from, or null.</summary>
    public HaproxyProxy? Defaults { get; }

    /// <summary>Its lines (header excluded) that HAProxy reads: lines in an <c>.if</c> block ConfLint cannot decide are left out.</summary>
    public List<HaproxySetting> Settings { get; } = [];

    public List<HaproxyServer> Servers { get; } = [];

    /// <summary>Whether it takes connections (<c>frontend</c>, <c>listen</c>).</summary>
    public bool IsFrontend => Kind is "frontend" or "listen";

    /// <summary>Whether it has servers (<c>backend</c>, <c>listen</c>).</summary>
    public bool IsBackend => Kind is "backend" or "listen";

    /// <summary>The last line of this section with <paramref name="keyword"/> (and <paramref name="first"/> as its
    /// first argument, for <c>timeout server</c>, <c>option httplog</c>), without a modifier.</summary>
    public HaproxySetting? Own(string keyword, string? first = null) =>
        Settings.LastOrDefault(s => s.Line.Modifier is null && s.Keyword == keyword && (first is null || s.Arg(0) == first));

    /// <summary>The setting HAProxy uses here: its own, else the one it inherits, with the section that writes it.</summary>
    public (HaproxySetting Setting, HaproxyProxy Owner)? Effective(string keyword, string? first = null)
    {
        for (var proxy = this; proxy is not null; proxy = proxy.Defaults)
        {
            if (proxy.Own(keyword, first) is { } setting)
            {
                return (setting, proxy);
            }
        }

        return null;
    }

    /// <summary>The <c>fcgi-app</c> its own <c>use-fcgi-app</c> names, or null. Only its own: <c>use-fcgi-app</c> registers a
    /// filter on the proxy (<c>proxy_parse_use_fcgi_app</c>), which a defaults section may not hold (haproxy -c refuses
    /// it there) and a proxy does not inherit (<c>init_new_proxy</c> starts an empty filter list).</summary>
    public HaproxyFcgiApp? FcgiApp => Own("use-fcgi-app")?.Arg(0) is { } name ? Instance.FcgiApp(name) : null;

    /// <summary><c>http</c> or <c>tcp</c> (HAProxy's default).</summary>
    public string Mode => Effective("mode")?.Setting.Arg(0) ?? "tcp";

    /// <summary>A <c>timeout NAME</c> that applies here: its value, where it is written; null when none does (no timeout).</summary>
    public (Duration Value, HaproxySetting Setting, HaproxyProxy Owner)? Timeout(string name)
    {
        if (Effective("timeout", name) is not var (setting, owner) || setting.Arg(1) is not { } text || !HaproxyValues.TryParseTime(text, out var value))
        {
            return null;
        }

        return (value, setting, owner);
    }

    /// <summary>The value of a <c>default-server</c> parameter here or inherited, or null.</summary>
    public string? DefaultServerParameter(string name)
    {
        for (var proxy = this; proxy is not null; proxy = proxy.Defaults)
        {
            foreach (var line in proxy.Settings.Where(s => s.Keyword == "default-server").Reverse())
            {
                if (HaproxyServer.ValueAfter(line.Args, name) is { } value)
                {
                    return value;
                }
            }
        }

        return null;
    }

    public bool DefaultServerHas(string flag)
    {
        for (var proxy = this; proxy is not null; proxy = proxy.Defaults)
        {
            if (proxy.Settings.Any(s => s.Keyword == "default-server" && s.Args.Contains(flag)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>For messages: "backend 'app'", "defaults".</summary>
    public string Describe() => Name is { } name ? $"{Kind} '{name}'" : Kind;

    public override string ToString() => Describe();
}
