using System.Text.RegularExpressions;
using ConfLint.Diagnostics;
using ConfLint.Text;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// uwsgi's options as one instance collects them: from ini files (the <c>[uwsgi]</c> section, or the one named by
/// <c>FILE:SECTION</c>; <c>key = value</c> lines, <c>;</c> and <c>#</c> comments; an option may repeat), with the
/// magic variables of the file (<c>%n</c> its name without extension, <c>%d</c> its folder with a slash, <c>%p</c> its
/// path, <c>%s</c> its file name, <c>%e</c> its extension, <c>%c</c> its folder's name, <c>%%</c>), placeholders of
/// options set before (<c>%(name)</c>) and the environment (<c>$(NAME)</c>). An <c>ini</c> option inside a file reads
/// that file too. A value with anything else (<c>@(...)</c>, an unknown variable) is unknown. A line without <c>=</c> is
/// the option with an empty value (core/ini.c, ini_get_key: the value starts after the key's end), so a bare
/// <c>master</c> is the flag set and a bare <c>chmod-socket</c> is an empty mode. uwsgi's config logic is followed
/// (<see cref="Logic"/>).
/// </summary>
public sealed partial class UwsgiOptions
{
    private const int MaxDepth = 8;

    private readonly Dictionary<string, List<Value>> _options = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, string> _environment;

    /// <summary>One value of an option: expanded (null when it cannot be), and where it is written (null on the command line);
    /// <paramref name="Why"/> says why it is not known where that is not its own text (a logic block whose truth is not known).</summary>
    public sealed record Value(string? Text, string Raw, Location? Location, string? Why = null);

    public UwsgiOptions(IReadOnlyDictionary<string, string> environment) => _environment = environment;

    /// <summary>A variable of the process's environment for <c>if-env</c>: its value, null where it is unset, and whether
    /// that is known. Without one, a variable the environment lacks is not known.</summary>
    public Func<string, (string? Value, bool Known)>? Variable { get; init; }

    /// <summary>The root's files, which <c>if-exists</c>, <c>if-file</c> and <c>if-dir</c> test.</summary>
    public HostFiles? Root { get; init; }

    /// <summary>The files read, in order.</summary>
    public List<FileId> Files { get; } = [];

    /// <summary>The ini files read (their values' locations are the values themselves, which a fix may replace).</summary>
    public HashSet<FileId> IniFiles { get; } = [];

    /// <summary>Files named that could not be read (not in the root, another format).</summary>
    public List<string> Unreadable { get; } = [];

    /// <summary>Every value of an option, under any of its names (<c>socket</c>, <c>uwsgi-socket</c>), in order.</summary>
    public IReadOnlyList<Value> All(params string[] names) =>
        names.SelectMany(n => _options.GetValueOrDefault(Canonical(n)) ?? []).ToList();

    /// <summary>The last value of an option, or null.</summary>
    public Value? Last(params string[] names) => names.Select(n => _options.GetValueOrDefault(Canonical(n))?.LastOrDefault()).LastOrDefault(v => v is not null);

    /// <summary>Whether a value of an option whose name starts with one of <paramref name="prefixes"/> (<c>exec-</c>,
    /// <c>hook-</c>: commands uwsgi runs at its phases, one of which may make a folder) names <paramref name="text"/>, or
    /// cannot be expanded.</summary>
    public bool AnyCommandNames(string text, params string[] prefixes)
    {
        foreach (var (name, values) in _options)
        {
            if (prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) && values.Exists(v => v.Text is null || v.Text.Contains(text, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    public void Add(string name, string value, Location? location) => Feed(name, value, location, null, null, MaxDepth);

    /// <summary>Reads an ini file (<c>PATH</c> or <c>PATH:SECTION</c>) and the files its <c>ini</c> options name.</summary>
    public void ReadIni(HostFiles? files, string spec, string? folder, int depth = 0)
    {
        var (path, section) = SplitSection(spec);
        path = HostFiles.Absolute(path, folder);
        if (depth > MaxDepth || path.Contains("://", StringComparison.Ordinal))
        {
            Unreadable.Add(spec);
            return;
        }

        if (files?.Read(path) is not { } source)
        {
            Unreadable.Add(path);
            return;
        }

        Files.Add(source.File);
        IniFiles.Add(source.File);
        var inSection = false;
        for (var line = 1; line <= source.LineCount; line++)
        {
            var span = source.GetLineSpan(line);
            var text = source.Text.Substring(span.Start, span.Length);
            var trimmed = text.Trim();
            if (trimmed.Length == 0 || trimmed[0] is ';' or '#')
            {
                continue;
            }

            if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
            {
                inSection = trimmed[1..^1].Trim() == (section ?? "uwsgi");
                continue;
            }

            var equals = text.IndexOf('=');
            if (!inSection || (equals >= 0 && text[..equals].Trim().Length == 0))
            {
                continue;
            }

            // A key without '=' is the option with an empty value (core/ini.c, ini_get_key); its location is the key's end.
            var keyEnd = equals >= 0 ? equals : text.TrimEnd().Length;
            var name = text[..keyEnd].Trim();
            var raw = equals >= 0 ? text[(equals + 1)..] : string.Empty;
            var valueStart = equals >= 0 ? equals + 1 + (raw.Length - raw.TrimStart().Length) : keyEnd;
            var value = raw.Trim();
            var location = HostFiles.At(source, span.Start + valueStart, value.Length);
            Feed(name, value, location, path, files, depth);
        }
    }

    /// <summary>
    /// Reads an XML file (<c>PATH</c> or <c>PATH:ID</c>) as uwsgi's <c>--xml</c> does (core/xmlconf.c, libxml2): the root
    /// element is the stanza when it is <c>&lt;uwsgi&gt;</c>; else the first <c>&lt;uwsgi&gt;</c> child of the root, the
    /// first whose <c>id</c> is ID when one is asked for (a stanza without <c>id</c> matches any). Each element inside is an
    /// option: its first child's text is the value, an empty element is a flag ("1"). An option whose <c>id</c> attribute
    /// differs from the ID asked for is left out, and so is one whose <c>mode</c> attribute differs from the <c>mode</c>
    /// option set before (without one, every option counts, whatever its <c>mode</c>). <c>&lt;app&gt;</c> elements mount
    /// applications and name no socket. No DTD is processed and nothing is fetched; a file of another shape is unreadable.
    /// </summary>
    public void ReadXml(HostFiles? files, string spec, string? folder = null)
    {
        var (path, id) = SplitSection(spec);
        path = HostFiles.Absolute(path, folder);
        if (files?.Read(path) is not { } source)
        {
            Unreadable.Add(path);
            return;
        }

        var settings = new System.Xml.XmlReaderSettings
        {
            DtdProcessing = System.Xml.DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreProcessingInstructions = true,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = 4 * 1024 * 1024,
        };
        System.Xml.Linq.XDocument document;
        try
        {
            using var reader = System.Xml.XmlReader.Create(new StringReader(source.Text.TrimStart('\uFEFF')), settings);
            document = System.Xml.Linq.XDocument.Load(reader, System.Xml.Linq.LoadOptions.SetLineInfo | System.Xml.Linq.LoadOptions.PreserveWhitespace);
        }
        catch (System.Xml.XmlException)
        {
            Unreadable.Add(path);
            return;
        }

        var root = document.Root;
        var stanza = root?.Name.LocalName == "uwsgi"
            ? root
            : root?.Elements().FirstOrDefault(e => e.Name.LocalName == "uwsgi" && (id is null || e.Attribute("id") is not { } own || own.Value == id));
        if (stanza is null)
        {
            Unreadable.Add(path);
            return;
        }

        var mode = Last("mode")?.Text;
        var read = new List<(string Name, string Value, Location Location)>();
        foreach (var option in stanza.Elements())
        {
            if ((mode is not null && option.Attribute("mode") is { } optionMode && optionMode.Value != mode)
                || (id is not null && option.Attribute("id") is { } optionId && optionId.Value != id)
                || option.Name.LocalName == "app")
            {
                continue;
            }

            string value;
            switch (option.FirstNode)
            {
                case null:
                    value = "1";
                    break;
                case System.Xml.Linq.XText text:
                    value = text.Value;
                    break;
                case System.Xml.Linq.XComment comment:
                    value = comment.Value;
                    break;
                default:
                    continue;
            }

            var name = option.Name.LocalName;
            var info = (System.Xml.IXmlLineInfo)option;
            var line = Math.Clamp(info.LineNumber, 1, source.LineCount);
            var start = Math.Min(source.GetLineSpan(line).Start + Math.Max(info.LinePosition - 1, 0), source.Text.Length);
            read.Add((name, value.Trim(), HostFiles.At(source, start, Math.Min(name.Length, source.Text.Length - start))));
        }

        Files.Add(source.File);
        foreach (var (name, value, location) in read)
        {
            Feed(name, value, location, path, null, MaxDepth);
        }
    }

    /// <summary>Whether a socket was given as <c>uwsgi-socket</c> (which always speaks uwsgi), not as <c>socket</c> (which
    /// speaks what <c>protocol</c> says): both are stored as <c>socket</c>.</summary>
    public bool NamedUwsgiSocket { get; private set; }

    private void Store(string name, string raw, string? expanded, Location? location, string? why = null)
    {
        why ??= _maybe;
        if (why is not null)
        {
            expanded = null;
        }

        var key = Canonical(name);
        if (key == "socket" && name.Trim().TrimStart('-').Replace('_', '-').ToLowerInvariant() == "uwsgi-socket")
        {
            NamedUwsgiSocket = true;
        }

        if (!_options.TryGetValue(key, out var list))
        {
            _options[key] = list = [];
        }

        list.Add(new Value(expanded, raw, location, why));
    }

    /// <summary>The magic variables of <paramref name="file"/>, placeholders and the environment expanded; null when one is not known.</summary>
    private string? Expand(string value, string? file, string? underscore = null)
    {
        var unknown = false;
        var result = Placeholder().Replace(value, m =>
        {
            if (m.Groups["env"].Success)
            {
                if (_environment.TryGetValue(m.Groups["env"].Value, out var env))
                {
                    return env;
                }
            }
            else if (m.Groups["option"].Success)
            {
                if (m.Groups["option"].Value == "_" && underscore is not null)
                {
                    return underscore;
                }

                if (Last(m.Groups["option"].Value) is { Text: { } set })
                {
                    return set;
                }
            }
            else if (m.Groups["magic"].Value == "%")
            {
                return "%";
            }
            else if (file is not null && Magic(m.Groups["magic"].Value[0], file) is { } magic)
            {
                return magic;
            }

            unknown = true;
            return m.Value;
        });
        return unknown || result.Contains("@(", StringComparison.Ordinal) ? null : result;
    }

    private static string? Magic(char variable, string file)
    {
        var folder = Path.GetDirectoryName(file) ?? "/";
        var name = Path.GetFileName(file);
        return variable switch
        {
            'n' => Path.GetFileNameWithoutExtension(file),
            'd' => folder.TrimEnd('/') + "/",
            'p' => file,
            's' => name,
            'e' => Path.GetExtension(file).TrimStart('.'),
            'c' => Path.GetFileName(folder),
            _ => null,
        };
    }

    /// <summary>uwsgi accepts <c>_</c> for <c>-</c> in option names, and <c>uwsgi-socket</c> for <c>socket</c>.</summary>
    private static string Canonical(string name)
    {
        var key = name.Trim().TrimStart('-').Replace('_', '-').ToLowerInvariant();
        return key == "uwsgi-socket" ? "socket" : key;
    }

    private static (string Path, string? Section) SplitSection(string spec)
    {
        var colon = spec.LastIndexOf(':');
        return colon > 0 && !spec[colon..].Contains('/') && !spec.Contains("://", StringComparison.Ordinal) ? (spec[..colon], spec[(colon + 1)..]) : (spec, null);
    }

    [GeneratedRegex(@"\$\((?<env>[A-Za-z_][A-Za-z0-9_]*)\)|%\((?<option>[A-Za-z0-9_-]+)\)|%(?<magic>[a-zA-Z%])")]
    private static partial Regex Placeholder();
}
