using ConfLint.Catalog;
using ConfLint.Diagnostics;
using ConfLint.Syntax.Documents;
using ConfLint.Units;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ConfLint.Configuration;

/// <summary>
/// Reads <c>.conflint.yml</c>. Unknown keys, bad sizes or durations, unknown rule codes and unknown options
/// are errors that name the file, line, column and key, so that a typo never silently disables a check.
/// </summary>
public static class ConfigLoader
{
    public const string FileName = ".conflint.yml";

    /// <summary>The keys the top level accepts (docs/conflint.schema.json lists the same; a test checks it).</summary>
    public static IReadOnlyList<string> Keys { get; } = ["host", "rules", "hosts"];

    /// <summary>The keys <c>host:</c> accepts.</summary>
    public static IReadOnlyList<string> HostKeys { get; } = ["memory", "web-user", "nginx-version"];

    /// <summary>The words a rule may be set to instead of a mapping of options (besides a severity).</summary>
    public static IReadOnlyList<string> Switches { get; } = ["off", "on", "false", "true", "disabled", "enabled"];

    /// <summary>Loads <paramref name="explicitPath"/>, or <c>.conflint.yml</c> from <paramref name="folder"/> when it exists.</summary>
    public static ConfLintConfig Load(string? explicitPath, string? folder)
    {
        var path = explicitPath ?? (folder is null ? null : Path.Combine(folder, FileName));
        if (path is null || (explicitPath is null && !Workspace.PosixFiles.Lstat(path).Exists))
        {
            return ConfLintConfig.Empty;
        }

        string text;
        try
        {
            // A settings file found in the tree is the tree's: a regular file in that folder, not a link out of it
            // or a FIFO; one named with --config is read as named.
            if (explicitPath is null)
            {
                using var stream = Workspace.PosixFiles.OpenRegularForRead(path);
                if (stream.Length > 1_000_000)
                {
                    throw new IOException("it is larger than 1 MB");
                }

                using var reader = new StreamReader(stream);
                text = reader.ReadToEnd();
            }
            else
            {
                text = System.Text.Encoding.UTF8.GetString(Workspace.PosixFiles.ReadNamedFile(path, 1_000_000));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{path}: cannot read the configuration: {e.Message}");
        }

        return Parse(path, text);
    }

    /// <summary>
    /// Loads a settings file <see cref="ConfigLocator.Find"/> found (in the tree, or a folder above it): a regular file
    /// reached from its anchor folder through no symbolic link in any component, the file itself included, of at most
    /// 1 MB. A link there (to <c>/etc/shadow</c>, or a folder swapped for one) is an error that names the file and
    /// quotes nothing of what it leads to.
    /// </summary>
    public static ConfLintConfig LoadFound(ConfigLocation found)
    {
        var path = found.Path;
        string text;
        try
        {
            if (Workspace.PosixFiles.Lstat(Path.Combine(found.Anchor, found.Relative)).Type == Workspace.FileType.Link)
            {
                throw new IOException("it is a symbolic link; a settings file found beside the configuration is read only as a regular file, never through a link");
            }

            if (!Workspace.PosixFiles.IsSupported)
            {
                return Load(null, Path.GetDirectoryName(path));
            }

            using var anchor = Workspace.PosixFiles.OpenFolder(found.Anchor) ?? throw new IOException($"cannot open {found.Anchor}");
            using var stream = Workspace.PosixFiles.OpenRegularBeneath(anchor, found.Relative, path);
            text = System.Text.Encoding.UTF8.GetString(Workspace.PosixFiles.ReadBounded(stream, 1_000_000) ?? throw new IOException("it is larger than 1 MB"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{path}: cannot read the configuration: {e.Message}");
        }

        return Parse(path, text);
    }

    public static ConfLintConfig Parse(string path, string text)
    {
        var stream = new YamlStream();
        try
        {
            if (YamlLimits.Check(text) is var (position, message))
            {
                var lineStart = text.LastIndexOf('\n', Math.Max(0, position - 1)) + 1;
                var line = text.AsSpan(0, lineStart).Count('\n') + 1;
                throw new ConfigurationException($"{path}:{line}:{position - lineStart + 1}: {message}");
            }

            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigurationException($"{path}:{e.Start.Line}:{e.Start.Column}: not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new ConfLintConfig { Path = path };
        }

        var root = Mapping(path, stream.Documents[0].RootNode, "the top level");
        ByteSize? memory = null;
        string? webUser = null;
        var rules = new Dictionary<string, RuleSettings>(StringComparer.Ordinal);
        var hosts = new List<HostGroup>();
        Knowledge.NginxVersion? nginxVersion = null;

        foreach (var (keyNode, value) in root.Children)
        {
            var key = Key(keyNode);
            switch (key)
            {
                case "host":
                    foreach (var (hostKeyNode, hostValue) in Mapping(path, value, "host").Children)
                    {
                        switch (Key(hostKeyNode))
                        {
                            case "memory":
                                var text2 = Scalar(path, hostValue, "host.memory");
                                if (!ByteSize.TryParseSetting(text2, out var size) || size.Bytes <= 0)
                                {
                                    throw Error(path, hostValue, $"host.memory: '{text2}' is not a size (write it like 16GiB, 512MiB, 8G)");
                                }

                                memory = size;
                                break;
                            case "web-user":
                                webUser = Scalar(path, hostValue, "host.web-user");
                                break;
                            case "nginx-version":
                                var versionText = Scalar(path, hostValue, "host.nginx-version");
                                if (!Knowledge.NginxVersion.TryParse(versionText, out var version))
                                {
                                    throw Error(path, hostValue, $"host.nginx-version: '{versionText}' is not an nginx version (write it like 1.22.1)");
                                }

                                nginxVersion = version;
                                break;
                            default:
                                throw Error(path, hostKeyNode, $"unknown key 'host.{Key(hostKeyNode)}': expected memory, web-user or nginx-version");
                        }
                    }

                    break;
                case "rules":
                    foreach (var (codeNode, ruleValue) in Mapping(path, value, "rules").Children)
                    {
                        var code = Key(codeNode);
                        var metadata = RuleCatalog.Find(code) ?? throw Error(path, codeNode, $"unknown rule '{code}' under rules: see `conflint rules`");
                        rules[metadata.Code] = ParseRule(path, metadata, ruleValue);
                    }

                    break;
                case "hosts":
                    foreach (var (nameNode, patterns) in Mapping(path, value, "hosts").Children)
                    {
                        var list = patterns switch
                        {
                            YamlSequenceNode sequence => sequence.Children.Select(p => Scalar(path, p, "hosts." + Key(nameNode))).ToList(),
                            YamlScalarNode scalar => [Scalar(path, scalar, "hosts." + Key(nameNode))],
                            _ => throw Error(path, patterns, $"hosts.{Key(nameNode)}: expected a list of path patterns"),
                        };
                        hosts.Add(new HostGroup(Key(nameNode), list));
                    }

                    break;
                default:
                    throw Error(path, keyNode, $"unknown key '{key}': expected host, rules or hosts");
            }
        }

        return new ConfLintConfig { Path = path, HostMemory = memory, WebUser = webUser, NginxVersion = nginxVersion, Rules = rules, Hosts = hosts };
    }

    private static RuleSettings ParseRule(string path, RuleMetadata metadata, YamlNode value)
    {
        if (value is YamlScalarNode scalar)
        {
            return scalar.Value?.Trim().ToLowerInvariant() switch
            {
                "off" or "false" or "disabled" => new RuleSettings(false, null, new Dictionary<string, string>()),
                "on" or "true" or "enabled" => RuleSettings.Default,
                var other when Severities.TryParse(other, out var severity) => RuleSettings.Default with { Severity = severity },
                _ => throw Error(path, value, $"rules.{metadata.Code}: expected off, on, a severity or a mapping of options"),
            };
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        Severity? chosen = null;
        var enabled = true;
        foreach (var (keyNode, optionValue) in Mapping(path, value, "rules." + metadata.Code).Children)
        {
            var key = Key(keyNode);

            // A list option may be written as a YAML list or as one value with commas.
            var text = optionValue is YamlSequenceNode items && metadata.Option(key) is { Type: "list" }
                ? string.Join(",", items.Children.Select(i => Scalar(path, i, $"rules.{metadata.Code}.{key}")))
                : Scalar(path, optionValue, $"rules.{metadata.Code}.{key}");
            if (key == "severity")
            {
                if (text == "off")
                {
                    enabled = false;
                }
                else if (Severities.TryParse(text, out var severity))
                {
                    chosen = severity;
                }
                else
                {
                    throw Error(path, optionValue, $"rules.{metadata.Code}.severity: '{text}' is not error, warning, info or off");
                }

                continue;
            }

            var option = metadata.Option(key)
                ?? throw Error(path, keyNode, $"unknown option '{key}' for {metadata.Code} ({metadata.Slug}): expected {string.Join(", ", metadata.Options.Select(o => o.Name).Append("severity"))}");
            if (ValidateOption(option, text) is { } problem)
            {
                throw Error(path, optionValue, $"rules.{metadata.Code}.{key}: {problem}");
            }

            options[key] = text;
        }

        return new RuleSettings(enabled, chosen, options);
    }

    /// <summary>Why a value does not fit an option's type, or null when it does.</summary>
    public static string? ValidateOption(RuleOption option, string text) => option.Type switch
    {
        "size" => ByteSize.TryParseSetting(text, out _) ? null : $"'{text}' is not a size (write it like 16k, 8m, 1G)",
        "duration" => Duration.TryParseSetting(text, out _) ? null : $"'{text}' is not a duration (write it like 30s, 5m, 1h)",
        "integer" => int.TryParse(text, out var n) && n > 0 ? null : $"'{text}' is not a positive whole number",
        _ => null,
    };

    private static YamlMappingNode Mapping(string path, YamlNode node, string what) =>
        node as YamlMappingNode ?? (node is YamlScalarNode { Value: null or "" }
            ? new YamlMappingNode()
            : throw Error(path, node, $"{what}: expected a mapping of keys"));

    private static string Scalar(string path, YamlNode node, string what) =>
        node is YamlScalarNode { Value: { } value } ? value.Trim() : throw Error(path, node, $"{what}: expected a single value");

    private static string Key(YamlNode node) => node is YamlScalarNode { Value: { } value } ? value : node.ToString();

    private static ConfigurationException Error(string path, YamlNode node, string message) =>
        new($"{path}:{node.Start.Line}:{node.Start.Column}: {message}");
}
