using System.Text.Json;
using ConfLint.Syntax;

namespace ConfLint.Reporting.Trees;

/// <summary>Shared plumbing for the <c>conflint parse --format json</c> writers.</summary>
public abstract class JsonTreeWriter
{
    /// <summary>Bytes the writer may hold before they go to the stream: a 50 MB file's JSON is streamed, never held whole.</summary>
    private const int FlushAt = 1 << 16;

    /// <summary>The tree of <paramref name="tree"/> as indented JSON, with a final line break.</summary>
    public string Write(SyntaxTree tree)
    {
        using var stream = new MemoryStream();
        Write(stream, tree);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Streams the JSON of <paramref name="tree"/> to <paramref name="output"/>, with a final line break.</summary>
    public void Write(Stream output, SyntaxTree tree)
    {
        using (var writer = new Utf8JsonWriter(output, JsonOutput.Options))
        {
            WriteRoot(writer, tree);
        }

        output.WriteByte((byte)'\n');
        output.Flush();
    }

    protected abstract void WriteRoot(Utf8JsonWriter writer, SyntaxTree tree);

    /// <summary>Hands what the writer holds to its stream once it is large (call between entries).</summary>
    protected static void FlushSometimes(Utf8JsonWriter writer)
    {
        if (writer.BytesPending >= FlushAt)
        {
            writer.Flush();
        }
    }

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
        ConfigKind.Supervisor => new SupervisorJsonWriter(),
        ConfigKind.Compose or ConfigKind.Pm2 => new DocumentJsonWriter(),
        ConfigKind.Haproxy => new HaproxyJsonWriter(),
        ConfigKind.Tomcat => new TomcatJsonWriter(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
