using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ConfLint.Catalog;

namespace ConfLint.Configuration;

/// <summary>
/// The JSON Schema of <c>.conflint.yml</c> (<c>docs/conflint.schema.json</c>, written by <c>tools/GenDocs</c>): the
/// keys <see cref="ConfigLoader"/> accepts, and under <c>rules:</c> each rule by code or slug with its options, so an
/// editor completes and checks the file as it is typed. A test keeps it equal to what this writes and to the loader.
/// </summary>
public static class ConfigSchema
{
    public const string RelativePath = "docs/conflint.schema.json";

    public static string Write(string repositoryUrl, IEnumerable<RuleMetadata>? rules = null)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "http://json-schema.org/draft-07/schema#");
            json.WriteString("$id", $"{repositoryUrl.TrimEnd('/')}/raw/main/{RelativePath}");
            json.WriteString("title", "ConfLint settings (.conflint.yml)");
            json.WriteString("description", "Every key is optional. An unknown key, a bad size or duration, an unknown rule or option is an error that names the file, line and column.");
            Types(json, "object", "null");
            json.WriteBoolean("additionalProperties", false);
            json.WriteStartObject("properties");
            Host(json);
            Rules(json, rules ?? RuleCatalog.Rules);
            Hosts(json);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Host(Utf8JsonWriter json)
    {
        json.WriteStartObject("host");
        json.WriteString("description", "Facts about the host that its configuration does not show.");
        Types(json, "object", "null");
        json.WriteBoolean("additionalProperties", false);
        json.WriteStartObject("properties");
        json.WriteStartObject("memory");
        json.WriteString("description", "The host's memory, for CL008 (like 16GiB, 512MiB, 8G); under --root / it is read from /proc/meminfo.");
        Types(json, "string", "integer");
        json.WriteEndObject();
        json.WriteStartObject("web-user");
        json.WriteString("description", "The web server's user where no nginx or Apache configuration names it.");
        json.WriteString("type", "string");
        json.WriteEndObject();
        json.WriteStartObject("nginx-version");
        json.WriteString("description", "The nginx release whose directives CL000 judges (like 1.22.1).");
        Types(json, "string", "number");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Rules(Utf8JsonWriter json, IEnumerable<RuleMetadata> rules)
    {
        json.WriteStartObject("rules");
        json.WriteString("description", "Per rule (by code or slug): off, on, a severity, or a mapping of its options and severity.");
        Types(json, "object", "null");
        json.WriteBoolean("additionalProperties", false);
        json.WriteStartObject("properties");
        foreach (var rule in rules)
        {
            foreach (var name in new[] { rule.Code, rule.Slug })
            {
                json.WriteStartObject(name);
                json.WriteString("description", $"{rule.Code} {rule.Slug}: {rule.Title}.");
                json.WriteStartArray("anyOf");
                json.WriteStartObject();
                json.WriteStartArray("enum");
                foreach (var word in ConfigLoader.Switches.Concat(["error", "warning", "info"]))
                {
                    json.WriteStringValue(word);
                }

                json.WriteBooleanValue(false);
                json.WriteBooleanValue(true);
                json.WriteEndArray();
                json.WriteEndObject();
                Options(json, rule);
                json.WriteEndArray();
                json.WriteEndObject();
            }
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Options(Utf8JsonWriter json, RuleMetadata rule)
    {
        json.WriteStartObject();
        Types(json, "object", "null");
        json.WriteBoolean("additionalProperties", false);
        json.WriteStartObject("properties");
        json.WriteStartObject("severity");
        json.WriteStartArray("enum");
        foreach (var word in new[] { "error", "warning", "info", "off" })
        {
            json.WriteStringValue(word);
        }

        json.WriteBooleanValue(false);
        json.WriteEndArray();
        json.WriteEndObject();
        foreach (var option in rule.Options)
        {
            json.WriteStartObject(option.Name);
            json.WriteString("description", $"{Flow(option.Description)} ({option.Type}, default {option.Default})");
            switch (option.Type)
            {
                case "integer":
                    Types(json, "integer", "string");
                    break;
                case "size":
                    Types(json, "string", "integer");
                    break;
                case "list":
                    StringOrStrings(json);
                    break;
                default:
                    json.WriteString("type", "string");
                    break;
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Hosts(Utf8JsonWriter json)
    {
        json.WriteStartObject("hosts");
        json.WriteString("description", "A repository with several hosts: each name lists the path patterns (below this file's folder) of one host's files; cross-file rules stay within a host.");
        Types(json, "object", "null");
        json.WriteStartObject("additionalProperties");
        StringOrStrings(json);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>A string (for a list option, its items separated by commas) or a list of strings.</summary>
    private static void StringOrStrings(Utf8JsonWriter json)
    {
        json.WriteStartArray("anyOf");
        json.WriteStartObject();
        json.WriteString("type", "string");
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("type", "array");
        json.WriteStartObject("items");
        json.WriteString("type", "string");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void Types(Utf8JsonWriter json, params string[] types)
    {
        json.WriteStartArray("type");
        foreach (var type in types)
        {
            json.WriteStringValue(type);
        }

        json.WriteEndArray();
    }

    private static string Flow(string text) => string.Join(' ', text.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
}
