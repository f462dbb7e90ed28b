using System.Text;

namespace ConfLint.Knowledge;

/// <summary>
/// The data tables (<c>data/directives/*.txt</c>, <c>data/images/*.txt</c>), compiled into the library as UTF-8
/// literals in <see cref="SourcePath"/> (written by tools/GenDocs; a test fails while it is stale): read with no
/// reflection and no copy, where a manifest resource cost a native run a millisecond and a half to reach.
/// </summary>
public static partial class EmbeddedTables
{
    /// <summary>Where the compiled tables live, from the repository's top.</summary>
    public const string SourcePath = "src/ConfLint/Knowledge/EmbeddedTables.g.cs";

    private static readonly string[] Folders = ["data/directives", "data/images"];

    /// <summary>A table's lines that are not comments or blank; with <paramref name="keepComments"/>, every line.</summary>
    internal static List<string> Lines(string name, bool keepComments = false)
    {
        var lines = new List<string>(1024);
        var rest = Get(name);
        while (!rest.IsEmpty)
        {
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? [] : rest[(newline + 1)..];
            line = line.TrimEnd((byte)'\r');
            if (keepComments || (line.Length > 0 && line[0] != '#'))
            {
                lines.Add(Encoding.UTF8.GetString(line));
            }
        }

        return lines;
    }

    /// <summary>The C# source of <see cref="SourcePath"/> for the tables of the repository at <paramref name="repository"/>.</summary>
    public static string Source(string repository)
    {
        var text = new StringBuilder();
        text.Append("// Written by tools/GenDocs from data/directives/*.txt and data/images/*.txt: do not edit, run `dotnet run --project tools/GenDocs`.\n");
        text.Append("namespace ConfLint.Knowledge;\n\npublic static partial class EmbeddedTables\n{\n");
        text.Append("    /// <summary>A table's bytes by its folder and name (<c>directives/nginx.txt</c>); the final line break is not kept.</summary>\n");
        text.Append("    internal static ReadOnlySpan<byte> Get(string name) => name switch\n    {\n");
        foreach (var folder in Folders)
        {
            foreach (var path in Directory.EnumerateFiles(Path.Combine(repository, folder), "*.txt").Order(StringComparer.Ordinal))
            {
                var content = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
                var fence = "\"\"\"";
                while (content.Contains(fence, StringComparison.Ordinal))
                {
                    fence += "\"";
                }

                text.Append("        \"").Append(Path.GetFileName(folder)).Append('/').Append(Path.GetFileName(path)).Append("\" => ").Append(fence).Append('\n');
                text.Append(content).Append('\n').Append(fence).Append("u8,\n");
            }
        }

        text.Append("        _ => throw new InvalidOperationException($\"the table '{name}' is not compiled in\"),\n    };\n}\n");
        return text.ToString();
    }
}
