using ConfLint.Diagnostics;
using System.Text.RegularExpressions;
using ConfLint.Text;

namespace ConfLint.Host.Systemd.AppServers;

internal sealed partial class SpringBootReader
{
    /// <summary>One application's property sources in Spring Boot's order, and a setting resolved through them.</summary>
    private sealed partial class Reading
    {
        private readonly Launch _launch;
        private readonly AppServerContext _context;

        /// <summary>The config data documents outside the jar, lowest first.</summary>
        private readonly List<Document> _documents = [];

        /// <summary>Whether the jar's own config data (<c>classpath:</c>) is among the locations read.</summary>
        private readonly bool _jar = true;

        /// <summary>Why the config data cannot be read at all, or null.</summary>
        private readonly string? _unknownFiles;

        /// <summary>The active profiles, in order; null where they are not known (<see cref="_profilesUnknown"/> says why).</summary>
        private readonly List<string>? _profiles;

        private readonly string? _profilesUnknown;

        /// <summary>Whether the documents are being read for the active profiles only (plain documents of no profile).</summary>
        private bool _plainOnly;

        public List<FileId> Files { get; } = [];

        public Reading(Launch launch, AppServerContext context)
        {
            _launch = launch;
            _context = context;

            // spring.config.name, .location, .additional-location: read before any config data, so from the environment,
            // system properties and the command line only.
            var names = Outside("spring.config.name");
            var location = Outside("spring.config.location");
            var additional = Outside("spring.config.additional-location");
            if (new[] { names, location, additional }.FirstOrDefault(o => o.Unknown is not null) is { Unknown: { } why })
            {
                _unknownFiles = why;
                return;
            }

            if (launch.Folder is null)
            {
                _unknownFiles = "the folder it runs in is not known, so neither are the config files Spring Boot reads there";
                return;
            }

            var configNames = names.Value is { } n ? n.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : ["application"];
            var groups = new List<List<string>>();
            if (location.Value is { } replaced)
            {
                _jar = false;
                groups.Add([]);
                foreach (var entry in replaced.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (Place(entry) is not { } place)
                    {
                        _unknownFiles = $"spring.config.location names {entry} ({replaced.Source}), which ConfLint does not read";
                        return;
                    }

                    if (place.Length == 0)
                    {
                        _jar = true;
                        continue;
                    }

                    groups[0].Add(place);
                }
            }
            else
            {
                groups.Add(["./", "./config/", .. SubFolders(HostFiles.Absolute("config", launch.Folder))]);
            }

            if (additional.Value is { } added)
            {
                foreach (var entry in added.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (Place(entry) is not { } place)
                    {
                        _unknownFiles = $"spring.config.additional-location names {entry} ({added.Source}), which ConfLint does not read";
                        return;
                    }

                    if (place.Length > 0)
                    {
                        groups.Add([place]);
                    }
                }
            }

            // Each group's plain files, then its profile-specific files; the active profiles are read from the plain
            // documents and the sources above them.
            var plain = groups.Select(g => g.SelectMany(l => Plain(l, configNames)).ToList()).ToList();
            _documents.AddRange(plain.SelectMany(p => p));
            _plainOnly = true;
            var active = Resolve("spring.profiles.active");
            var include = Resolve("spring.profiles.include");
            _plainOnly = false;
            if (active.Unknown is { } unknown)
            {
                _profilesUnknown = unknown;
            }
            else if (active.Inside)
            {
                _profilesUnknown = "spring.profiles.active is set by no configuration outside the jar, whose own settings may set it";
            }
            else
            {
                _profiles = [.. Split(active.Value?.Value)];
                if (_profiles.Count == 0)
                {
                    _profiles.Add("default");
                }

                _profiles.AddRange(Split(include.Value?.Value).Where(p => !_profiles.Contains(p)));
            }

            _documents.Clear();
            for (var i = 0; i < groups.Count; i++)
            {
                _documents.AddRange(plain[i]);
                _documents.AddRange(groups[i].SelectMany(l => ProfileSpecific(l, configNames)));
            }
        }

        private static IEnumerable<string> Split(string? list) =>
            (list ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

        /// <summary>A location of <c>spring.config.location</c>: a folder (ending in <c>/</c>) or a file, absolute or
        /// taken from the working folder; empty for <c>classpath:</c> (the jar's); null for one not read here (a pattern, a
        /// config tree, an import resolver of another kind).</summary>
        private string? Place(string entry)
        {
            var value = entry.StartsWith("optional:", StringComparison.Ordinal) ? entry["optional:".Length..] : entry;
            if (value.StartsWith("classpath:", StringComparison.Ordinal) || value.StartsWith("classpath*:", StringComparison.Ordinal))
            {
                return string.Empty;
            }

            value = value.StartsWith("file:", StringComparison.Ordinal) ? value["file:".Length..] : value;
            if (value.Contains(':') || value.Contains('*') || value.Contains('$') || value.Length == 0)
            {
                return null;
            }

            var absolute = HostFiles.Absolute(value, _launch.Folder);
            return value.EndsWith('/') ? absolute.TrimEnd('/') + "/" : absolute;
        }

        /// <summary><c>file:./config/*/</c>: the folders in <c>config/</c>, in order of their paths.</summary>
        private IEnumerable<string> SubFolders(string config)
        {
            var system = _context.Files?.FileSystem;
            if (system is null || !system.DirectoryExists(config))
            {
                return [];
            }

            return system.EnumerateEntries(config).Where(system.DirectoryExists).Order(StringComparer.Ordinal).Select(p => p.TrimEnd('/') + "/").ToList();
        }

        private string Folder(string location) => location.StartsWith("./", StringComparison.Ordinal) ? HostFiles.Absolute(location, _launch.Folder).TrimEnd('/') + "/" : location;

        /// <summary>The plain files of a location: a folder's NAME.yaml, .yml, .properties (lowest first), or the file.</summary>
        private IEnumerable<Document> Plain(string location, string[] names)
        {
            var folder = Folder(location);
            if (!folder.EndsWith('/'))
            {
                return Load(folder, null);
            }

            return names.SelectMany(n => Extensions.SelectMany(e => Load(folder + n + e, null)));
        }

        /// <summary>A folder's profile-specific files: of each active profile in order (a later one wins); where the
        /// profiles are not known, every one there, each of an unknown profile.</summary>
        private IEnumerable<Document> ProfileSpecific(string location, string[] names)
        {
            var folder = Folder(location);
            if (!folder.EndsWith('/'))
            {
                return [];
            }

            if (_profiles is not null)
            {
                return _profiles.SelectMany(p => names.SelectMany(n => Extensions.SelectMany(e => Load(folder + n + "-" + p + e, p))));
            }

            if (_context.Files is not { } files)
            {
                return [];
            }

            return names.SelectMany(n => Extensions.SelectMany(e => files.FilesIn(folder, e)
                .Where(f => Path.GetFileName(f).StartsWith(n + "-", StringComparison.Ordinal))
                .SelectMany(f => Load(f, Path.GetFileName(f)[(n.Length + 1)..^e.Length]))));
        }

        /// <summary>A config data file's documents; none where it is not there; one unreadable document where ConfLint cannot
        /// see whether it is (a container's image).</summary>
        private IEnumerable<Document> Load(string path, string? profile)
        {
            if (_context.Files?.Read(path) is { } source)
            {
                if (source.File is { } file && !Files.Contains(file))
                {
                    Files.Add(file);
                }

                return ReadDocuments(source, path).Select(d => d with { ProfileFile = profile is not null, Profile = profile });
            }

            return _context.Files is null || _context.UnseenFiles
                ? [new Document(path, new Dictionary<string, Entry>(StringComparer.Ordinal), null, $"{path} may be there, where ConfLint cannot look")]
                : [];
        }

        /// <summary>A setting from the environment, system properties and the command line only.</summary>
        private Outcome Outside(string key)
        {
            var found = FromSources(key, withFiles: false);
            return found ?? new Outcome(null, null, false);
        }

        /// <summary>A setting as Spring Boot ends up with it, placeholders resolved.</summary>
        public Outcome Resolve(string key) => Resolve(key, 0);

        private Outcome Resolve(string key, int depth)
        {
            var found = FromSources(key, withFiles: true) ?? new Outcome(null, null, _jar);
            return found.Value is { } value && value.Value.Contains("${", StringComparison.Ordinal) ? Placeholders(key, value, depth) : found;
        }

        /// <summary>The highest source that sets the key, or that may: the command line, SPRING_APPLICATION_JSON, system
        /// properties, the environment, then the config data outside the jar; null where none does.</summary>
        private Outcome? FromSources(string key, bool withFiles)
        {
            var canon = Canon(key);
            if (Arguments(canon) is { } argument)
            {
                return argument;
            }

            var json = _launch.Variable("SPRING_APPLICATION_JSON", out var jsonKnown);
            if (!jsonKnown || json is not null || _launch.Arguments.Any(a => a.Text.StartsWith("--spring.application.json=", StringComparison.Ordinal))
                || _launch.JvmOptions.Any(a => a.Text.StartsWith("-Dspring.application.json=", StringComparison.Ordinal)))
            {
                return Outcome.Unknowable($"SPRING_APPLICATION_JSON {(jsonKnown ? "is given, and ConfLint does not read it" : "may be set where ConfLint cannot see it")}");
            }

            if (SystemProperties(canon) is { } property)
            {
                return property;
            }

            if (EnvironmentVariable(key) is { } variable)
            {
                return variable;
            }

            return withFiles ? FromDocuments(key, canon) : null;
        }

        /// <summary>The command line's <c>--key=value</c> (Spring's SimpleCommandLineArgsParser; <c>--</c> ends them), the
        /// last one winning.</summary>
        private Outcome? Arguments(string canon)
        {
            Outcome? found = null;
            foreach (var argument in _launch.Arguments)
            {
                if (argument.Text == "--")
                {
                    break;
                }

                if (!argument.Text.StartsWith("--", StringComparison.Ordinal))
                {
                    continue;
                }

                var equals = argument.Text.IndexOf('=');
                var name = equals < 0 ? argument.Text[2..] : argument.Text[2..equals];
                if (name.Contains('$'))
                {
                    found = Outcome.Unknowable($"the argument {argument.Text} is not known until it runs");
                }
                else if (Canon(name) == canon)
                {
                    found = Value(equals < 0 ? string.Empty : argument.Text[(equals + 1)..], $"{argument.Text} on the command line", argument);
                }
            }

            return found;
        }

        /// <summary><c>-Dkey=value</c>: of <c>JAVA_TOOL_OPTIONS</c> (read by the JVM first), <c>JDK_JAVA_OPTIONS</c> (put
        /// before the command line's), then the command line's (the last one winning).</summary>
        private Outcome? SystemProperties(string canon)
        {
            Outcome? found = null;
            foreach (var variable in new[] { "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS" })
            {
                var value = _launch.Variable(variable, out var known);
                if (!known)
                {
                    found = Outcome.Unknowable($"{variable} may be set where ConfLint cannot see it, with system properties");
                    continue;
                }

                var at = _launch.EnvironmentAt.GetValueOrDefault(variable);
                foreach (var word in (value ?? string.Empty).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    found = Property(new Arg(word, null, at), canon, $"in {variable}") ?? found;
                }
            }

            foreach (var option in _launch.JvmOptions)
            {
                found = Property(option, canon, option.At is null ? "on the command line" : "in JAVA_OPTS") ?? found;
            }

            return found;
        }

        private Outcome? Property(Arg option, string canon, string where)
        {
            if (!option.Text.StartsWith("-D", StringComparison.Ordinal))
            {
                return option.Text.StartsWith('@') ? Outcome.Unknowable($"java reads options from the file {option.Text[1..]}, which ConfLint does not read") : null;
            }

            var equals = option.Text.IndexOf('=');
            var name = equals < 0 ? option.Text[2..] : option.Text[2..equals];
            if (name.Contains('$'))
            {
                return Outcome.Unknowable($"the JVM option {option.Text} is not known until it runs");
            }

            return Canon(name) == canon ? Value(equals < 0 ? string.Empty : option.Text[(equals + 1)..], $"{option.Text} {where}", option) : null;
        }

        private static Outcome Value(string value, string source, Arg arg) =>
            value.Contains('$') && !value.Contains("${", StringComparison.Ordinal)
                ? Outcome.Unknowable($"{source} is not known until it runs")
                : Outcome.Of(new Found(value, source, arg.At, arg.Word));

        /// <summary>An OS environment variable in relaxed binding: <c>server.servlet.context-path</c> from
        /// <c>SERVER_SERVLET_CONTEXTPATH</c> or <c>SERVER_SERVLET_CONTEXT_PATH</c> (SystemEnvironmentPropertyMapper), or a
        /// variable of the name itself (a placeholder's <c>${PORT}</c>).</summary>
        private Outcome? EnvironmentVariable(string key)
        {
            var upper = key.ToUpperInvariant().Replace('.', '_');
            foreach (var name in new[] { upper.Replace("-", string.Empty, StringComparison.Ordinal), upper.Replace('-', '_'), key }.Distinct(StringComparer.Ordinal))
            {
                var value = _launch.Variable(name, out var known);
                if (!known)
                {
                    return Outcome.Unknowable($"{name} may be set where ConfLint cannot see it");
                }

                if (value is not null)
                {
                    return Outcome.Of(new Found(value.Trim(), $"{name}={value.Trim()} in the environment", _launch.EnvironmentAt.GetValueOrDefault(name), null));
                }
            }

            return null;
        }

        /// <summary>The config data documents outside the jar, highest first: the first that sets the key and applies.</summary>
        private Outcome? FromDocuments(string key, string canon)
        {
            if (_unknownFiles is { } why)
            {
                return Outcome.Unknowable(why);
            }

            for (var i = _documents.Count - 1; i >= 0; i--)
            {
                var document = _documents[i];
                if (document.Unreadable is { } unreadable)
                {
                    return Outcome.Unknowable(unreadable);
                }

                var imports = document.Values.Keys.FirstOrDefault(k => k.StartsWith("spring.config.import", StringComparison.Ordinal));
                if (!document.Values.TryGetValue(canon, out var entry) && imports is null)
                {
                    continue;
                }

                var applies = Applies(document, out var condition);
                if (applies == false)
                {
                    continue;
                }

                if (applies is null)
                {
                    return Outcome.Unknowable($"{key} in {document.File} applies only {condition}");
                }

                if (imports is not null)
                {
                    return Outcome.Unknowable($"{document.File} imports {document.Values[imports].Value}, which ConfLint does not read");
                }

                var profile = document.Profile is { } p ? $" (the profile {p})" : document.OnProfile is { } on ? $" (a document for the profile {on})" : string.Empty;
                return Outcome.Of(new Found(entry!.Value, $"{key}={entry.Value} in {document.File}{profile}", entry.At, null));
            }

            return null;
        }

        /// <summary>Whether a document applies: true, false, or null (not known, and <paramref name="condition"/> says on what).</summary>
        private bool? Applies(Document document, out string condition)
        {
            condition = string.Empty;
            if (document.Condition is { } platform)
            {
                condition = $"on a condition ConfLint does not decide: {platform}";
                return null;
            }

            if (!document.ProfileFile && document.OnProfile is null)
            {
                return true;
            }

            if (_plainOnly)
            {
                return false;
            }

            if (_profiles is null)
            {
                condition = $"for the profile {document.Profile ?? document.OnProfile}, and {_profilesUnknown}";
                return null;
            }

            if (document.ProfileFile && !_profiles.Contains(document.Profile!))
            {
                return false;
            }

            if (document.OnProfile is not { } expression)
            {
                return true;
            }

            // A list of profile names, each maybe negated: any of them matching (Spring's Profiles.of); an expression with
            // & | ( ) is not read.
            if (expression.IndexOfAny(['&', '|', '(', ')']) >= 0)
            {
                condition = $"where the profile expression {expression} holds, which ConfLint does not evaluate";
                return null;
            }

            return Split(expression).Any(p => p.StartsWith('!') ? !_profiles.Contains(p[1..].Trim()) : _profiles.Contains(p));
        }

        /// <summary><c>${name}</c> and <c>${name:default}</c>, each resolved from the same sources; a name no outside source
        /// sets takes its default where it is an environment variable's (no dot), and is unknown otherwise (the jar may
        /// set it); a nested one is not read.</summary>
        private Outcome Placeholders(string key, Found found, int depth)
        {
            if (depth > 4)
            {
                return Outcome.Unknowable($"{found.Source}: its placeholders nest too deeply");
            }

            string? unknown = null;
            var value = Placeholder().Replace(found.Value, match =>
            {
                var name = match.Groups["name"].Value.Trim();
                var fallback = match.Groups["default"].Success ? match.Groups["default"].Value : null;
                var resolved = Resolve(name, depth + 1);
                if (resolved.Value is { } set)
                {
                    return set.Value;
                }

                if (resolved.Unknown is null && fallback is not null && (!resolved.Inside || !name.Contains('.')))
                {
                    return fallback;
                }

                unknown ??= resolved.Unknown ?? $"{found.Source}: {match.Value} is not set outside the jar";
                return match.Value;
            });
            if (unknown is not null || value.Contains("${", StringComparison.Ordinal))
            {
                return Outcome.Unknowable(unknown ?? $"{found.Source}: a placeholder ConfLint cannot resolve");
            }

            return Outcome.Of(found with { Value = value, Source = $"{found.Source} ({key} {value})" });
        }

        [GeneratedRegex(@"\$\{(?<name>[^${}:]+)(?::(?<default>[^${}]*))?\}")]
        private static partial Regex Placeholder();
    }
}
