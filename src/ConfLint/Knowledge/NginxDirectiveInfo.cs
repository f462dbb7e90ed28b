namespace ConfLint.Knowledge;

/// <summary>One line of the nginx table: a directive as one module defines it, in the releases it exists in.</summary>
public sealed class NginxDirectiveInfo
{
    internal NginxDirectiveInfo(string name, string module, NginxContext contexts, ArgumentCount arguments, bool isBlock, bool refusesRepeat, bool hasRawBody, NginxValueKind value, IReadOnlyList<string> values, string? load, IReadOnlyList<(NginxVersion From, NginxVersion? To)> versions)
    {
        Name = name;
        Module = module;
        Contexts = contexts;
        Arguments = arguments;
        IsBlock = isBlock;
        RefusesRepeat = refusesRepeat;
        HasRawBody = hasRawBody;
        Value = value;
        Values = values;
        Load = load;
        Versions = versions;
    }

    public string Name { get; }

    /// <summary>The module without <c>ngx_</c> and <c>_module</c>: <c>http_proxy</c>.</summary>
    public string Module { get; }

    public NginxContext Contexts { get; }

    public ArgumentCount Arguments { get; }

    /// <summary><c>NGX_CONF_BLOCK</c>: the directive opens a block and is not ended by <c>;</c>.</summary>
    public bool IsBlock { get; }

    /// <summary>A second one at the same level is "is duplicate".</summary>
    public bool RefusesRepeat { get; }

    /// <summary>The block's body is read by the module itself (map, types, geo): not directives.</summary>
    public bool HasRawBody { get; }

    public NginxValueKind Value { get; }

    /// <summary>For an enum or bitmask: the words it accepts.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>The dynamic module that must be loaded (Debian's package name without <c>libnginx-mod-</c>:
    /// <c>stream</c>, <c>http_geoip2</c>), or null for a module built in.</summary>
    public string? Load { get; }

    public IReadOnlyList<(NginxVersion From, NginxVersion? To)> Versions { get; }

    public bool ExistsIn(NginxVersion version)
    {
        var versions = Versions;
        for (var i = 0; i < versions.Count; i++)
        {
            var (from, until) = versions[i];
            if (from <= version && (until is not { } to || version <= to))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsAllowedIn(NginxContext context) => (Contexts & (context | NginxContext.Any)) != 0;

    public override string ToString() => $"{Name} ({Module})";
}
