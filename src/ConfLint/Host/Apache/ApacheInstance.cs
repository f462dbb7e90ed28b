using ConfLint.Syntax.Apache;
using ConfLint.Workspace;

namespace ConfLint.Host.Apache;

/// <summary>One Apache configuration as httpd reads it: from its main file, includes spliced in, inactive
/// <c>&lt;IfModule&gt;</c> and <c>&lt;IfDefine&gt;</c> sections left out.</summary>
public sealed class ApacheInstance
{
    internal ApacheInstance(ConfigFile mainFile, IReadOnlyDictionary<string, string> variables)
    {
        MainFile = mainFile;
        Variables = new Dictionary<string, string>(variables, StringComparer.Ordinal);
    }

    public ConfigFile MainFile { get; }

    /// <summary>envvars and <c>Define</c>s, for <c>${VAR}</c>.</summary>
    public Dictionary<string, string> Variables { get; }

    /// <summary>Every active directive, with its file and the sections around it (outermost first).</summary>
    public List<(ApacheDirective Directive, ConfigFile File, IReadOnlyList<ApacheSection> Sections)> Directives { get; } = [];

    /// <summary>Every active section, with its file and the sections around it, in the order
    /// httpd finishes them (inner first); <c>After</c> is how many of <see cref="Directives"/> precede its end (a
    /// <c>&lt;Proxy&gt;</c> line's worker parameters are set after the directives inside it).</summary>
    public List<(ApacheSection Section, ConfigFile File, IReadOnlyList<ApacheSection> Sections, int After)> Sections { get; } = [];

    /// <summary>The modules its <c>LoadModule</c> lines load (module names such as <c>proxy_module</c> and source names
    /// such as <c>mod_proxy.c</c>, the compiled-in ones included), or null when it has none to go by (a lone site file):
    /// then every module counts as loaded.</summary>
    public IReadOnlySet<string>? LoadedModules { get; internal init; }

    /// <summary>Whether <paramref name="module"/> (<c>proxy_module</c>) is loaded, or may be: true when the modules are not known.</summary>
    public bool MayHaveModule(string module) => LoadedModules is null || LoadedModules.Contains(module);

    /// <summary>Whether every definition of the configuration was read: its main file is httpd's (it loads modules; a lone
    /// site file does not), and no <c>Include</c>/<c>IncludeOptional</c> names a folder the root does not show.</summary>
    public bool SeesAllDefinitions => LoadedModules is not null && !IncludesUnread;

    internal bool IncludesUnread { get; set; }

    public string Expand(string value) => ApacheVariables.Expand(value, Variables);
}
