using ConfLint.Diagnostics;
using System.Text;
using ConfLint.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>Spring Boot's config data files (<c>application.properties</c>, <c>application.yml</c>), each document of
/// them with its keys in relaxed form (<see cref="SpringBootReader.Canon"/>) and where each is written.</summary>
internal sealed partial class SpringBootReader
{
    /// <summary>A value of a config data document, and where it is written.</summary>
    internal sealed record Entry(string Value, Location At);

    /// <summary>One document of a config data file: its keys (relaxed form), and the profiles it is for
    /// (<c>spring.config.activate.on-profile</c>, or the older <c>spring.profiles</c>; null for every profile). A document
    /// that could not be read (<see cref="Unreadable"/>) may set anything.</summary>
    internal sealed record Document(string File, Dictionary<string, Entry> Values, string? OnProfile, string? Unreadable = null, bool ProfileFile = false, string? Profile = null)
    {
        /// <summary>Why the document applies only on a condition ConfLint cannot decide (a cloud platform), or null.</summary>
        public string? Condition { get; init; }
    }

    /// <summary>The documents of a config data file, in the file's order (a later document wins): YAML's <c>---</c>,
    /// <c>.properties</c>' <c>#---</c> or <c>!---</c> (Spring Boot 2.4 and later).</summary>
    internal static List<Document> ReadDocuments(SourceText source, string path)
    {
        var documents = path.EndsWith(".properties", StringComparison.Ordinal) ? ReadProperties(source, path) : ReadYaml(source, path);
        return documents.Select(d => d.Unreadable is not null ? d : Activation(d)).ToList();
    }

    /// <summary>A document's activation: <c>spring.config.activate.on-profile</c> (or <c>spring.profiles</c>);
    /// <c>spring.config.activate.on-cloud-platform</c> is a condition not decided here.</summary>
    private static Document Activation(Document document)
    {
        var onProfile = document.Values.GetValueOrDefault(Canon("spring.config.activate.on-profile"))?.Value
            ?? document.Values.GetValueOrDefault(Canon("spring.profiles"))?.Value;
        var platform = document.Values.GetValueOrDefault(Canon("spring.config.activate.on-cloud-platform"))?.Value;
        return document with
        {
            OnProfile = onProfile,
            Condition = platform is null ? null : $"a document of {document.File} is for the cloud platform {platform}",
        };
    }

    /// <summary>java.util.Properties' format: <c>#</c> and <c>!</c> comments, the key up to the first unescaped <c>=</c>,
    /// <c>:</c> or blank, a line ending in <c>\</c> continued on the next, <c>\uXXXX</c> and other escapes.</summary>
    private static List<Document> ReadProperties(SourceText source, string path)
    {
        var documents = new List<Document> { new(path, new Dictionary<string, Entry>(StringComparer.Ordinal), null) };
        for (var line = 1; line <= source.LineCount; line++)
        {
            var span = source.GetLineSpan(line);
            var text = source.GetLineText(line).TrimEnd('\r');
            var trimmed = text.TrimStart();
            if (trimmed is "#---" or "!---")
            {
                documents.Add(new(path, new Dictionary<string, Entry>(StringComparer.Ordinal), null));
                continue;
            }

            if (trimmed.Length == 0 || trimmed[0] is '#' or '!')
            {
                continue;
            }

            var start = span.Start + (text.Length - trimmed.Length);
            var logical = new StringBuilder(trimmed);
            var end = span.Start + text.Length;
            while (EndsInContinuation(logical) && line < source.LineCount)
            {
                logical.Length--;
                line++;
                var next = source.GetLineText(line).TrimEnd('\r');
                logical.Append(next.TrimStart());
                end = source.GetLineSpan(line).Start + next.Length;
            }

            var (key, value) = SplitProperty(logical.ToString());
            documents[^1].Values[Canon(key)] = new Entry(value, HostFiles.At(source, start, end - start));
        }

        return documents;
    }

    private static bool EndsInContinuation(StringBuilder text)
    {
        var backslashes = 0;
        for (var i = text.Length - 1; i >= 0 && text[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    private static (string Key, string Value) SplitProperty(string line)
    {
        var key = new StringBuilder();
        var i = 0;
        for (; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length)
            {
                key.Append(Unescape(line, ref i));
                continue;
            }

            if (c is '=' or ':' or ' ' or '\t' or '\f')
            {
                break;
            }

            key.Append(c);
        }

        // Blanks, then one = or :, then blanks.
        while (i < line.Length && line[i] is ' ' or '\t' or '\f')
        {
            i++;
        }

        if (i < line.Length && line[i] is '=' or ':')
        {
            i++;
        }

        while (i < line.Length && line[i] is ' ' or '\t' or '\f')
        {
            i++;
        }

        var value = new StringBuilder();
        for (; i < line.Length; i++)
        {
            value.Append(line[i] == '\\' && i + 1 < line.Length ? Unescape(line, ref i) : line[i]);
        }

        return (key.ToString(), value.ToString());
    }

    /// <summary>The escape at <paramref name="i"/> (a backslash); <paramref name="i"/> left at its last character.</summary>
    private static string Unescape(string line, ref int i)
    {
        var next = line[++i];
        switch (next)
        {
            case 't': return "\t";
            case 'n': return "\n";
            case 'r': return "\r";
            case 'f': return "\f";
            case 'u' when i + 4 < line.Length && int.TryParse(line.AsSpan(i + 1, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code):
                i += 4;
                return ((char)code).ToString();
            default: return next.ToString();
        }
    }

    /// <summary>YAML (SnakeYAML in Spring Boot; YamlDotNet here): each document's mappings flattened into dotted keys, a
    /// sequence's items as <c>key[0]</c>. A document that is not a mapping, or a file that does not parse, is unreadable.</summary>
    private static List<Document> ReadYaml(SourceText source, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(source.Text));
        }
        catch (YamlException e)
        {
            return [new Document(path, new Dictionary<string, Entry>(StringComparer.Ordinal), null, $"{path} is not YAML ConfLint can read ({e.Start.Line}:{e.Start.Column})")];
        }

        var documents = new List<Document>();
        foreach (var document in stream.Documents)
        {
            var values = new Dictionary<string, Entry>(StringComparer.Ordinal);
            if (document.RootNode is YamlMappingNode root)
            {
                Flatten(root, string.Empty, null, values, source);
            }
            else if (document.RootNode is not YamlScalarNode { Value: null or "" })
            {
                documents.Add(new Document(path, values, null, $"a document of {path} is not a mapping"));
                continue;
            }

            documents.Add(new Document(path, values, null));
        }

        return documents;
    }

    private static void Flatten(YamlNode node, string prefix, YamlNode? keyNode, Dictionary<string, Entry> values, SourceText source)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode { Value: { } k } ? k : key.ToString();
                    Flatten(value, prefix.Length == 0 ? name : $"{prefix}.{name}", key, values, source);
                }

                break;
            case YamlSequenceNode sequence:
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    Flatten(item, $"{prefix}[{index++}]", keyNode ?? item, values, source);
                }

                break;
            case YamlScalarNode scalar:
                var from = (int)Math.Min((keyNode ?? scalar).Start.Index, source.Text.Length);
                var to = (int)Math.Min(Math.Max(scalar.End.Index, from), source.Text.Length);
                values[Canon(prefix)] = new Entry(scalar.Value ?? string.Empty, HostFiles.At(source, from, to - from));
                break;
        }
    }
}
