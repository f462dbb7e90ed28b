using ConfLint.Diagnostics;
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

    /// <summary>A <c>.properties</c> file as java.util.Properties reads it (<see cref="JavaProperties"/>), split into
    /// documents at <c>#---</c> or <c>!---</c>.</summary>
    private static List<Document> ReadProperties(SourceText source, string path)
    {
        var documents = new List<Document> { new(path, new Dictionary<string, Entry>(StringComparer.Ordinal), null) };
        foreach (var line in JavaProperties.Read(source, documents: true))
        {
            while (documents.Count <= line.Document)
            {
                documents.Add(new(path, new Dictionary<string, Entry>(StringComparer.Ordinal), null));
            }

            documents[line.Document].Values[Canon(line.Key)] = new Entry(line.Value, line.At);
        }

        return documents;
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
