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
/// that file too. A value with anything else (<c>@(...)</c>, an unknown variable) is unknown.
/// </summary>
public sealed partial class UwsgiOptions
{
    private const int MaxDepth = 8;

    private readonly Dictionary<string, List<Value>> _options = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, string> _environment;

    /// <summary>One value of an option: expanded (null when it cannot be), and where it is written (null on the command line).</summary>
    public sealed record Value(string? Text, string Raw, Location? Location);

    public UwsgiOptions(IReadOnlyDictionary<string, string> environment) => _environment = environment;

    /// <summary>The files read, in order.</summary>
    public List<FileId> Files { get; } = [];

    /// <summary>Files named that could not be read (not in the root, another format).</summary>
    public List<string> Unreadable { get; } = [];

    /// <summary>Every value of an option, under any of its names (<c>socket</c>, <c>uwsgi-socket</c>), in order.</summary>
    public IReadOnlyList<Value> All(params string[] names) =>
        names.SelectMany(n => _options.GetValueOrDefault(Canonical(n)) ?? []).ToList();

    /// <summary>The last value of an option, or null.</summary>
    public Value? Last(params string[] names) => names.Select(n => _options.GetValueOrDefault(Canonical(n))?.LastOrDefault()).LastOrDefault(v => v is not null);

    public void Add(string name, string value, Location? location) => Store(name, value, Expand(value, null), location);

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
            if (!inSection || equals <= 0)
            {
                continue;
            }

            var name = text[..equals].Trim();
            var raw = text[(equals + 1)..];
            var valueStart = equals + 1 + (raw.Length - raw.TrimStart().Length);
            var value = raw.Trim();
            var location = HostFiles.At(source, span.Start + valueStart, value.Length);
            var expanded = Expand(value, path);
            if (Canonical(name) == "ini" && expanded is not null)
            {
                ReadIni(files, expanded, Path.GetDirectoryName(path), depth + 1);
                continue;
            }

            Store(name, value, expanded, location);
        }
    }

    /// <summary>Reads an XML file as uwsgi's <c>--xmlconfig</c> does: each element inside the root <c>&lt;uwsgi&gt;</c> is an
    /// option (its text the value, an empty element a flag). No DTD is processed and nothing is fetched; a file that is
    /// not of that shape is unreadable.</summary>
    public void ReadXml(HostFiles? files, string path)
    {
        if (files?.Read(path) is not { } source)
        {
            Unreadable.Add(path);
            return;
        }

        var settings = new System.Xml.XmlReaderSettings
        {
            DtdProcessing = System.Xml.DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            MaxCharactersFromEntities = 1024,
        };
        var read = new List<(string Name, string Value, Location Location)>();
        try
        {
            using var reader = System.Xml.XmlReader.Create(new StringReader(source.Text.TrimStart('\uFEFF')), settings);
            var info = (System.Xml.IXmlLineInfo)reader;
            if (reader.MoveToContent() != System.Xml.XmlNodeType.Element || reader.LocalName != "uwsgi")
            {
                Unreadable.Add(path);
                return;
            }

            if (reader.IsEmptyElement)
            {
                Files.Add(source.File);
                return;
            }

            reader.Read();
            while (reader.NodeType != System.Xml.XmlNodeType.EndElement && !reader.EOF)
            {
                if (reader.NodeType != System.Xml.XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }

                var name = reader.LocalName;
                var line = Math.Clamp(info.LineNumber, 1, source.LineCount);
                var start = Math.Min(source.GetLineSpan(line).Start + Math.Max(info.LinePosition - 1, 0), source.Text.Length);
                var location = HostFiles.At(source, start, Math.Min(name.Length, source.Text.Length - start));
                string value;
                if (reader.IsEmptyElement)
                {
                    value = "true";
                    reader.Read();
                }
                else
                {
                    value = reader.ReadElementContentAsString();
                }

                read.Add((name, value.Trim(), location));
            }
        }
        catch (System.Xml.XmlException)
        {
            Unreadable.Add(path);
            return;
        }

        Files.Add(source.File);
        foreach (var (name, value, location) in read)
        {
            Store(name, value, Expand(value, path), location);
        }
    }

    private void Store(string name, string raw, string? expanded, Location? location)
    {
        var key = Canonical(name);
        if (!_options.TryGetValue(key, out var list))
        {
            _options[key] = list = [];
        }

        list.Add(new Value(expanded, raw, location));
    }

    /// <summary>The magic variables of <paramref name="file"/>, placeholders and the environment expanded; null when one is not known.</summary>
    private string? Expand(string value, string? file)
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
