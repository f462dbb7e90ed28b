using System.Text.Json;
using ConfLint.Syntax;

namespace ConfLint.Reporting.Trees;

/// <summary>Shared plumbing for the <c>conflint parse --format json</c> writers.</summary>
public abstract class JsonTreeWriter
{
    /// <summary>The tree of <paramref name="tree"/> as indented JSON, with a final line break.</summary>
    public string Write(SyntaxTree tree)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, JsonOutput.Options))
        {
            WriteRoot(writer, tree);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    protected abstract void WriteRoot(Utf8JsonWriter writer, SyntaxTree tree);

    protected static int LineOf(SyntaxTree tree, int offset) => tree.Source.GetLinePosition(offset).Line;

    /// <summary>Writes <c>{"directive": "#", "line": N, "args": [], "comment": "..."}</c> for each comment.</summary>
    protected static void WriteComments(Utf8JsonWriter writer, SyntaxTree tree, IEnumerable<SyntaxTrivia> trivia, int markerLength = 1)
    {
        foreach (var piece in trivia)
        {
            if (piece.Kind != TriviaKind.Comment)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("directive", "#");
            writer.WriteNumber("line", LineOf(tree, piece.Span.Start));
            writer.WriteStartArray("args");
            writer.WriteEndArray();
            writer.WriteString("comment", tree.Source.Text.AsSpan(piece.Span.Start + markerLength, piece.Span.Length - markerLength));
            writer.WriteEndObject();
        }
    }

    public static JsonTreeWriter For(ConfigKind kind) => kind switch
    {
        ConfigKind.Nginx => new NginxJsonWriter(),
        ConfigKind.Apache => new ApacheJsonWriter(),
        ConfigKind.PhpFpm => new PhpFpmJsonWriter(),
        ConfigKind.Systemd => new SystemdJsonWriter(),
        ConfigKind.Haproxy => new HaproxyJsonWriter(),
        ConfigKind.Tomcat => new TomcatJsonWriter(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
