namespace ConfLint.Syntax.Haproxy;

/// <summary>
/// The keywords that open a section of a HAProxy 2.6 configuration: the sections registered with
/// <c>REGISTER_CONFIG_SECTION</c> in its source (Debian's build has network namespaces, so <c>namespace_list</c> too).
/// A line whose first word is one of them starts a section; the lines up to the next one belong to it.
/// </summary>
public static class HaproxySections
{
    /// <summary>The four kinds of proxy, which share one parser (<c>cfg_parse_listen</c>).</summary>
    public static readonly IReadOnlySet<string> Proxies = new HashSet<string>(StringComparer.Ordinal) { "defaults", "frontend", "backend", "listen" };

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "global", "defaults", "frontend", "backend", "listen", "userlist", "peers", "mailers", "resolvers",
        "http-errors", "ring", "program", "cache", "log-forward", "fcgi-app", "namespace_list",
    };

    public static bool IsSection(string keyword) => All.Contains(keyword);
}
