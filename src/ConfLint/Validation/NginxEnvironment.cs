using System.Text.RegularExpressions;
using ConfLint.Configuration;
using ConfLint.Knowledge;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// Which nginx judges a configuration: its release (<c>host.nginx-version</c>, else the version of Debian's nginx
/// package installed under the root, else the newest the tables know) and, where the root shows it, its dynamic
/// modules (<c>load_module</c> lines, Debian's <c>modules-enabled</c>).
/// </summary>
internal sealed partial class NginxEnvironment
{
    private NginxEnvironment(NginxVersion version, bool versionKnown, HashSet<string>? loaded, bool foreignModules, bool staticOnly = false)
    {
        StaticOnly = staticOnly;
        Version = version;
        VersionKnown = versionKnown;
        Loaded = loaded;
        ForeignModules = foreignModules;
    }

    public NginxVersion Version { get; }

    /// <summary>Set or read from the root, rather than the newest assumed.</summary>
    public bool VersionKnown { get; }

    /// <summary>The dynamic modules loaded, by the table's load names; null where the set is not known.</summary>
    public HashSet<string>? Loaded { get; }

    /// <summary>A <c>load_module</c> names a module the tables do not know: its directives cannot be judged.</summary>
    public bool ForeignModules { get; }

    /// <summary>The package's own main file (the root's /etc/nginx/nginx.conf, version read from dpkg) loads no dynamic
    /// module: a directive of the static modules of another release is surely unknown to it.</summary>
    public bool StaticOnly { get; }

    public bool IsLoaded(string module) => Loaded is null || Loaded.Contains(module);

    /// <summary>Whether an unknown name is surely unknown to this nginx: its module set is known and complete.</summary>
    public bool KnowsAllModules => Loaded is not null && !ForeignModules;

    public static NginxEnvironment For(ConfigWorkspace workspace, ConfLintConfig config, IReadOnlyList<(NginxDirective Directive, ConfigFile File)> mainDirectives, bool fromRealMain, ConfigFile? main = null)
    {
        // A container's nginx is its image's, not the host's package: an exact release tag of the official image says which.
        var known = config.NginxVersion ?? (main?.Container is { } container ? ImageRelease(container) : InstalledVersion(workspace));
        var version = known ?? NginxVersion.Newest;
        var loads = mainDirectives.Where(d => d.Directive.Name == "load_module" && d.Directive.Args.Count == 1).ToList();
        var debianLayout = mainDirectives.Any(d => d.Directive.Name == "include" && d.Directive.Args.Count == 1
            && d.Directive.Args[0].Contains("modules-enabled", StringComparison.Ordinal));
        if (!fromRealMain || (loads.Count == 0 && !debianLayout))
        {
            var packageMain = fromRealMain && config.NginxVersion is null && known is not null && main is { Container: null, ServerPath: "/etc/nginx/nginx.conf" };
            return new NginxEnvironment(version, known is not null, null, false, packageMain);
        }

        // An include of the main level that may bring in what ConfLint did not read (a modules-enabled link into a folder the
        // root does not hold, a folder left to the deployment) may load modules: the set is not known.
        if (mainDirectives.Any(d => d.Directive.Name == "include" && workspace.IncludeMayHideDefinitions(d.Directive)))
        {
            return new NginxEnvironment(version, known is not null, null, false);
        }

        var dynamic = NginxDirectiveTable.Instance.DynamicModules;
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        var foreign = false;
        foreach (var (directive, _) in loads)
        {
            var name = LoadName(directive.Args[0]);
            if (name is not null && dynamic.Contains(name))
            {
                loaded.Add(name);
            }
            else
            {
                foreign = true;
            }
        }

        return new NginxEnvironment(version, known is not null, loaded, foreign);
    }

    /// <summary><c>modules/ngx_stream_module.so</c> to <c>stream</c>; <c>ngx_http_xslt_filter_module.so</c> to <c>http_xslt</c>.</summary>
    public static string? LoadName(string path)
    {
        var file = Path.GetFileName(path);
        if (!file.StartsWith("ngx_", StringComparison.Ordinal) || !file.EndsWith("_module.so", StringComparison.Ordinal))
        {
            return null;
        }

        var name = file["ngx_".Length..^"_module.so".Length];
        return name == "http_xslt_filter" ? "http_xslt" : name;
    }

    /// <summary>The release of the official image a Compose service runs, where its tag names one exactly
    /// (<c>nginx:1.27.3</c>, <c>nginx:1.27.3-alpine</c>); null for a build, another image, or a tag of a minor release, a
    /// channel or <c>latest</c> (the newest when pulled: which directives it knows is not told).</summary>
    private static NginxVersion? ImageRelease(Workspace.Compose.ContainerView container) =>
        ImageTag(container) is { Patch: { } patch } tag ? new NginxVersion(tag.Major, tag.Minor, patch) : null;

    /// <summary>The release the tag of the official image (<c>nginx</c>, <c>docker.io/library/nginx</c>) names, for a
    /// Compose service that runs it without a <c>build</c>: the image's tags are the release and a variant
    /// (https://hub.docker.com/_/nginx), <c>1.30.1</c>, <c>1.30.1-alpine</c>, or a minor release's newest, <c>1.27</c>,
    /// <c>1.27-alpine</c> (then no patch). Null for a build, another image, or a tag that names no release
    /// (<c>latest</c>, <c>stable</c>, <c>alpine</c>, <c>1</c>, a digest alone, a variable left unset).</summary>
    internal static (int Major, int Minor, int? Patch, string Image, string Service)? ImageTag(Workspace.Compose.ContainerView container)
    {
        if (container.Service is not { Build: false, Image.Value: { } image } service)
        {
            return null;
        }

        var (repository, tag) = ImageTable.Split(image);
        if (repository != "nginx" || ReleaseTag().Match(tag) is not { Success: true } match)
        {
            return null;
        }

        static int Number(Group group) => int.Parse(group.Value, System.Globalization.CultureInfo.InvariantCulture);
        return (Number(match.Groups["major"]), Number(match.Groups["minor"]), match.Groups["patch"].Success ? Number(match.Groups["patch"]) : null, image, service.Name);
    }

    [GeneratedRegex(@"^(?<major>[0-9]{1,4})\.(?<minor>[0-9]{1,4})(?:\.(?<patch>[0-9]{1,4}))?(?:-[a-z0-9][a-z0-9.-]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseTag();

    /// <summary>The upstream version of the nginx package dpkg lists as installed under the root (<c>1.22.1</c>).</summary>
    private static NginxVersion? InstalledVersion(ConfigWorkspace workspace)
    {
        foreach (var (package, text) in DpkgStatus.Installed(workspace.FileSystem))
        {
            var dash = text.IndexOfAny(['-', '+', '~']);
            if (package is "nginx-common" or "nginx" && NginxVersion.TryParse(dash >= 0 ? text[..dash] : text, out var version))
            {
                return version;
            }
        }

        return null;
    }
}
