using System.Text.RegularExpressions;
using ConfLint.Text;

namespace ConfLint.Host.PhpFpm;

/// <summary>
/// Reads php.ini files as PHP's INI scanner does for plain settings: <c>name = value</c> lines, <c>;</c> comments (also
/// after a bare value), values in double quotes (<c>\"</c> inside) or single quotes, <c>${VAR}</c> taken from the
/// environment PHP-FPM was started with, <c>[PATH=...]</c> and <c>[HOST=...]</c> sections left out. A file that cannot
/// be read is skipped.
/// </summary>
internal static partial class PhpIniReader
{
    /// <param name="files">Where files are read from.</param>
    /// <param name="ini">The main php.ini (it may be absent: PHP then runs on its defaults).</param>
    /// <param name="scanDirs">The scan folders, in order.</param>
    /// <param name="environment">PHP-FPM's environment, for <c>${VAR}</c>; null when unknown.</param>
    public static PhpIni Read(HostFiles files, string? ini, IReadOnlyList<string> scanDirs, IReadOnlyDictionary<string, string>? environment)
    {
        var result = new PhpIni();
        var paths = new List<string>();
        if (ini is not null)
        {
            paths.Add(ini);
        }

        foreach (var folder in scanDirs)
        {
            paths.AddRange(files.FilesIn(folder, ".ini"));
        }

        foreach (var path in paths)
        {
            if (files.Read(path) is { } source)
            {
                result.Files.Add(source.File);
                ReadFile(source, result, environment);
            }
        }

        return result;
    }

    private static void ReadFile(SourceText source, PhpIni result, IReadOnlyDictionary<string, string>? environment)
    {
        var conditional = false;
        for (var line = 1; line <= source.LineCount; line++)
        {
            var span = source.GetLineSpan(line);
            var text = source.Text.AsSpan(span.Start, span.Length);
            var start = 0;
            while (start < text.Length && text[start] is ' ' or '\t' or '\uFEFF')
            {
                start++;
            }

            if (start >= text.Length || text[start] is ';' or '#')
            {
                continue;
            }

            if (text[start] == '[')
            {
                var header = text[start..].ToString().Trim().TrimStart('[').TrimEnd(']').Trim();
                conditional = header.StartsWith("PATH=", StringComparison.OrdinalIgnoreCase) || header.StartsWith("HOST=", StringComparison.OrdinalIgnoreCase);
                continue;
            }

            var equals = text.IndexOf('=');
            if (equals <= start || conditional)
            {
                continue;
            }

            var name = text[start..equals].ToString().Trim();
            var (value, valueStart, valueLength) = Value(text, equals + 1);
            if (name.Length == 0)
            {
                continue;
            }

            var location = HostFiles.At(source, span.Start + valueStart, valueLength);
            if (Expand(value, environment) is { } expanded)
            {
                result.Set(new PhpIniValue(name, expanded, location));
            }
            else
            {
                result.SetUnresolved(name);
            }
        }
    }

    /// <summary>The value after <c>=</c>: quoted, or bare up to a <c>;</c> comment; with its offset and length in the line.</summary>
    private static (string Value, int Start, int Length) Value(ReadOnlySpan<char> line, int from)
    {
        var i = from;
        while (i < line.Length && line[i] is ' ' or '\t')
        {
            i++;
        }

        if (i < line.Length && line[i] is '"' or '\'')
        {
            var quote = line[i];
            var builder = new System.Text.StringBuilder();
            var j = i + 1;
            for (; j < line.Length && line[j] != quote; j++)
            {
                if (quote == '"' && line[j] == '\\' && j + 1 < line.Length && line[j + 1] is '"' or '\\')
                {
                    j++;
                }

                builder.Append(line[j]);
            }

            return (builder.ToString(), i, Math.Min(j + 1, line.Length) - i);
        }

        var end = line[i..].IndexOf(';') is var semicolon and >= 0 ? i + semicolon : line.Length;
        var raw = line[i..end].TrimEnd();
        return (raw.ToString(), i, raw.Length);
    }

    /// <summary><c>${VAR}</c> from the environment; null when a variable is not known.</summary>
    private static string? Expand(string value, IReadOnlyDictionary<string, string>? environment)
    {
        if (!value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }

        var unknown = false;
        var expanded = Variable().Replace(value, m =>
        {
            if (environment is not null && environment.TryGetValue(m.Groups["name"].Value, out var found))
            {
                return found;
            }

            unknown = true;
            return string.Empty;
        });
        return unknown ? null : expanded;
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Variable();
}
