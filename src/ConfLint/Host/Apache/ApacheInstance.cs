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

    /// <summary>envvars and <c>Define</c>s, for <c>${VAR}</c>: those in effect once the whole configuration is read. A
    /// directive's own value is expanded with <see cref="ApacheEntry.Variables"/>, those in effect where httpd read it.</summary>
    public Dictionary<string, string> Variables { get; }

    /// <summary>Every active directive, with its file and the sections around it (outermost first), in the order httpd
    /// reads them: a file included twice gives each of its directives twice.</summary>
    public List<ApacheEntry> Directives { get; } = [];

    /// <summary>Every active section, with its file and the sections around it, in the order
    /// httpd finishes them (inner first); <c>After</c> is how many of <see cref="Directives"/> precede its end (a
    /// <c>&lt;Proxy&gt;</c> line's worker parameters are set after the directives inside it).</summary>
    public List<ApacheSectionEntry> Sections { get; } = [];

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

    /// <summary><paramref name="value"/> with the variables in effect at the end of the configuration; a directive's or
    /// section's own value is expanded by its entry (<see cref="ApacheEntry.Expand"/>).</summary>
    public string Expand(string value) => ApacheVariables.Expand(value, Variables);
}

/// <summary>
/// One directive as httpd read it, with the variables in effect at that point. httpd substitutes <c>${VAR}</c> as it reads
/// each line (ap_build_config, ap_resolve_env in server/core.c) and runs <c>Define</c> as soon as it reads it (EXEC_ON_READ):
/// a <c>Define</c> is seen by every line read after it, inside its <c>&lt;VirtualHost&gt;</c> or not (the Define
/// documentation's "Virtual Host scope and pitfalls"), and by none before; an undefined variable stays as written (AH00111).
/// </summary>
public readonly record struct ApacheEntry(ApacheDirective Directive, ConfigFile File, IReadOnlyList<ApacheSection> Sections, IReadOnlyDictionary<string, string> Variables)
{
    public void Deconstruct(out ApacheDirective directive, out ConfigFile file, out IReadOnlyList<ApacheSection> sections)
    {
        directive = Directive;
        file = File;
        sections = Sections;
    }

    /// <summary><paramref name="value"/> (one of the directive's arguments) as httpd read it.</summary>
    public string Expand(string value) => ApacheVariables.Expand(value, Variables);
}

/// <summary>One section as httpd read it (see <see cref="ApacheInstance.Sections"/>), with the variables in effect at its
/// opening line.</summary>
public readonly record struct ApacheSectionEntry(ApacheSection Section, ConfigFile File, IReadOnlyList<ApacheSection> Sections, int After, IReadOnlyDictionary<string, string> Variables)
{
    public void Deconstruct(out ApacheSection section, out ConfigFile file, out IReadOnlyList<ApacheSection> sections, out int after)
    {
        section = Section;
        file = File;
        sections = Sections;
        after = After;
    }

    /// <summary><paramref name="value"/> (one of the section's arguments) as httpd read it.</summary>
    public string Expand(string value) => ApacheVariables.Expand(value, Variables);
}
