using System.Text;
using System.Text.RegularExpressions;
using ConfLint.Knowledge;
using ConfLint.Text;

namespace ConfLint.Workspace.Compose;

/// <summary>
/// The templates the official nginx images render at the container's start (docker-library's
/// <c>entrypoint/20-envsubst-on-templates.sh</c>, run by <c>docker-entrypoint.sh</c> when the command is <c>nginx</c> or
/// <c>nginx-debug</c>; the image's README, "Using environment variables in nginx configuration"): every file under
/// <c>$NGINX_ENVSUBST_TEMPLATE_DIR</c> (<c>/etc/nginx/templates</c>, subfolders too: <c>find -follow -type f</c>) whose
/// name ends in <c>$NGINX_ENVSUBST_TEMPLATE_SUFFIX</c> (<c>.template</c>) is written to <c>$NGINX_ENVSUBST_OUTPUT_DIR</c>
/// (<c>/etc/nginx/conf.d</c>) plus its path below the folder without the suffix, by <c>envsubst "$defined_envs"</c>:
/// only <c>$NAME</c> and <c>${NAME}</c> of a variable the container's environment defines (and whose name matches
/// <c>$NGINX_ENVSUBST_FILTER</c>, an awk pattern, when set) are replaced; any other is left as written, for nginx to
/// read as its own variable. Nothing is rendered when the output folder is not writable. A file is rendered here only
/// when every value it takes is known, and holds no line break (so a line of the rendered file is the template's line);
/// otherwise it is left as a template, with a note of why.
/// </summary>
internal sealed class NginxTemplates
{
    // envsubst's names: a letter or underscore, then letters, digits and underscores (gettext's envsubst.c).
    private static readonly Regex Placeholder = new(@"\$(?:\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|(?<name>[A-Za-z_][A-Za-z0-9_]*))", RegexOptions.CultureInvariant);

    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly bool _namesUnknown;
    private readonly Regex? _filter;

    private NginxTemplates(string folder, string suffix, string output, IReadOnlyDictionary<string, string?> environment, bool namesUnknown, Regex? filter, string? why)
    {
        Folder = folder;
        Suffix = suffix;
        Output = output;
        _environment = environment;
        _namesUnknown = namesUnknown;
        _filter = filter;
        Why = why;
    }

    /// <summary>The folder the entrypoint looks in (a container path).</summary>
    public string Folder { get; }

    public string Suffix { get; }

    /// <summary>The folder it writes to.</summary>
    public string Output { get; }

    /// <summary>Why nothing of the service is rendered here (a setting whose value is not known, a read-only output
    /// folder), or null.</summary>
    public string? Why { get; }

    /// <summary>The templates of a service running an image whose entrypoint renders them (<see cref="ImageTemplates"/>),
    /// with its environment (<see cref="ServiceEnvironment"/>); null for any other service, one built from a Dockerfile,
    /// one that replaces the entrypoint, or whose command is not nginx's (the entrypoint renders only before
    /// <c>nginx</c> or <c>nginx-debug</c>).</summary>
    public static NginxTemplates? Of(ComposeService service, RootedFileSystem? files)
    {
        if (service.Build || service.Entrypoint is not null || service.Image?.Value is not { } image || ImageTable.Instance.Find(image)?.Templates is not { } defaults)
        {
            return null;
        }

        if (service.Command is { } command && (command.Argv.Count == 0 || command.Argv[0] is not ("nginx" or "nginx-debug")))
        {
            return null;
        }

        var (environment, namesUnknown) = ServiceEnvironment.Of(service, files);
        string? why = null;
        string Setting(string name, string fallback)
        {
            if (!environment.TryGetValue(name, out var value))
            {
                return fallback;
            }

            if (value is null)
            {
                why ??= $"{name} has no value ConfLint knows";
                return fallback;
            }

            // The script's ${NAME:-default}: an empty value is the default too.
            return value.Length == 0 ? fallback : value;
        }

        var folder = Setting("NGINX_ENVSUBST_TEMPLATE_DIR", defaults.Folder).TrimEnd('/');
        var suffix = Setting("NGINX_ENVSUBST_TEMPLATE_SUFFIX", defaults.Suffix);
        var output = Setting("NGINX_ENVSUBST_OUTPUT_DIR", defaults.Output).TrimEnd('/');
        Regex? filter = null;
        if (environment.TryGetValue("NGINX_ENVSUBST_FILTER", out var pattern) && pattern is { Length: > 0 })
        {
            try
            {
                filter = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException)
            {
                why ??= $"NGINX_ENVSUBST_FILTER '{pattern}' is no pattern ConfLint reads as awk does";
            }
        }
        else if (pattern is null && environment.ContainsKey("NGINX_ENVSUBST_FILTER"))
        {
            why ??= "NGINX_ENVSUBST_FILTER has no value ConfLint knows";
        }

        if (!folder.StartsWith('/') || !output.StartsWith('/'))
        {
            why ??= "its template or output folder is not an absolute path";
        }

        // "[ ! -w "$output_dir" ]": the script renders nothing into a read-only folder.
        if (service.Volumes.LastOrDefault(v => v.ReadOnly && (output == v.Target.TrimEnd('/') || output.StartsWith(v.Target.TrimEnd('/') + "/", StringComparison.Ordinal))) is { } readOnly)
        {
            why ??= $"{readOnly.Target} is mounted read-only, and the entrypoint renders nothing into a folder it cannot write ('{output} is not writable')";
        }

        return new NginxTemplates(folder, suffix, output, environment, namesUnknown, filter, why);
    }

    /// <summary>The path the entrypoint writes a container path to, or null when it is no template of the folder.</summary>
    public string? OutputOf(string containerPath)
    {
        if (!containerPath.StartsWith(Folder + "/", StringComparison.Ordinal) || !containerPath.EndsWith(Suffix, StringComparison.Ordinal)
            || containerPath.Length - Folder.Length - 1 <= Suffix.Length)
        {
            return null;
        }

        return Output + "/" + containerPath[(Folder.Length + 1)..^Suffix.Length];
    }

    /// <summary>The text as envsubst writes it, and the spans it replaced; or, where that is not known, why (a value
    /// ConfLint does not know, a value with a line break, a name the image or Docker may define).</summary>
    public (string? Text, List<Substitution> Substitutions, List<string> Names, string? Why) Render(string template)
    {
        var substitutions = new List<Substitution>();
        var names = new List<string>();
        if (Why is { } settingWhy)
        {
            return (null, substitutions, names, settingWhy);
        }

        var text = new StringBuilder(template.Length);
        var copied = 0;
        foreach (Match match in Placeholder.Matches(template))
        {
            var name = match.Groups["name"].Value;
            if (_filter is not null && !_filter.IsMatch(name))
            {
                continue;
            }

            if (!_environment.TryGetValue(name, out var value))
            {
                if (_namesUnknown)
                {
                    return (null, substitutions, names, $"'{match.Value}' at line {LineOf(template, match.Index)}: the service's environment is not all known (an env_file ConfLint does not read), so whether it is replaced is not known");
                }

                if (ImageOrDockerName(name))
                {
                    return (null, substitutions, names, $"'{match.Value}' at line {LineOf(template, match.Index)} may be defined by the image or by Docker (HOSTNAME, HOME, PATH, NGINX_VERSION, ...), whose values ConfLint does not know");
                }

                // Not defined: envsubst leaves it as written; nginx reads it as its own variable.
                continue;
            }

            if (value is null)
            {
                return (null, substitutions, names, $"'{match.Value}' at line {LineOf(template, match.Index)}: {name} has no value ConfLint knows (the shell's environment, or a variable without a value)");
            }

            if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
            {
                return (null, substitutions, names, $"'{match.Value}' at line {LineOf(template, match.Index)}: {name}'s value holds a line break");
            }

            text.Append(template, copied, match.Index - copied);
            substitutions.Add(new Substitution(text.Length, value.Length, match.Length));
            text.Append(value);
            copied = match.Index + match.Length;
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        text.Append(template, copied, template.Length - copied);
        return (text.ToString(), substitutions, names, null);
    }

    /// <summary>A name the image's ENV (<c>NGINX_VERSION</c>, <c>NJS_VERSION</c>, <c>PKG_RELEASE</c>, <c>PATH</c>) or Docker
    /// (<c>HOSTNAME</c>, <c>HOME</c>) may define in the container, beyond the service's environment: written in capitals, as
    /// environment variables are, and unlike nginx's own (<c>$host</c>, <c>$remote_addr</c>).</summary>
    private static bool ImageOrDockerName(string name) => name.Any(char.IsAsciiLetterUpper) && !name.Any(char.IsAsciiLetterLower);

    private static int LineOf(string text, int offset)
    {
        var line = 1;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }
}
