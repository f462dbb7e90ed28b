using System.Text.Json;
using ConfLint.Syntax;
using ConfLint.Syntax.Nginx;

namespace ConfLint.Reporting.Trees;

/// <summary>
/// nginx trees in the shape crossplane and other nginx tooling use: an array of
/// <c>{"directive", "line", "args", "block"}</c>, comments as <c>{"directive": "#", ..., "comment"}</c>.
/// A comment is listed where it stands: a comment after <c>{</c> opens the block's list, one after <c>;</c>
/// follows the directive.
/// </summary>
public sealed class NginxJsonWriter : JsonTreeWriter
{
    protected override void WriteRoot(Utf8JsonWriter writer, SyntaxTree tree)
    {
        var file = (NginxConfigFile)tree.Root;
        writer.WriteStartArray();
        WriteDirectives(writer, tree, file.Directives, file.EndOfFile);
        writer.WriteEndArray();
    }

    /// <summary>The arguments as nginx reads them; for <c>if</c>, without the condition's parentheses.</summary>
    public static IReadOnlyList<string> JsonArgs(NginxDirective directive)
    {
        var args = directive.Args.ToList();
        if (directive.Name == "if" && args.Count > 0 && args[0].StartsWith('(') && args[^1].EndsWith(')'))
        {
            args[0] = args[0][1..].TrimStart();
            args[^1] = args[^1][..^1].TrimEnd();
            if (args[^1].Length == 0)
            {
                args.RemoveAt(args.Count - 1);
            }

            if (args.Count > 0 && args[0].Length == 0)
            {
                args.RemoveAt(0);
            }
        }

        return args;
    }

    private static void WriteDirectives(Utf8JsonWriter writer, SyntaxTree tree, IReadOnlyList<NginxDirective> directives, SyntaxToken closing)
    {
        foreach (var directive in directives)
        {
            FlushSometimes(writer);
            WriteComments(writer, tree, directive.NameToken.LeadingTrivia);
            WriteDirective(writer, tree, directive);
            WriteComments(writer, tree, directive.NameToken.TrailingTrivia);
            foreach (var argument in directive.Arguments)
            {
                WriteComments(writer, tree, argument.LeadingTrivia);
                WriteComments(writer, tree, argument.TrailingTrivia);
            }

            if (directive.Semicolon is { } semicolon)
            {
                WriteComments(writer, tree, semicolon.LeadingTrivia);
                WriteComments(writer, tree, semicolon.TrailingTrivia);
            }
            else if (directive.Block is { } block)
            {
                WriteComments(writer, tree, block.OpenBrace.LeadingTrivia);
                WriteComments(writer, tree, block.CloseBrace.TrailingTrivia);
            }
        }

        WriteComments(writer, tree, closing.LeadingTrivia);
    }

    private static void WriteDirective(Utf8JsonWriter writer, SyntaxTree tree, NginxDirective directive)
    {
        writer.WriteStartObject();
        writer.WriteString("directive", directive.Name);
        writer.WriteNumber("line", directive.Position.Line);
        writer.WriteStartArray("args");
        foreach (var arg in JsonArgs(directive))
        {
            writer.WriteStringValue(arg);
        }

        if (directive.Block?.RawBody is { } body)
        {
            writer.WriteStringValue(body.Text);
        }

        writer.WriteEndArray();
        if (directive.Block is { RawBody: null } block)
        {
            writer.WriteStartArray("block");
            WriteComments(writer, tree, block.OpenBrace.TrailingTrivia);
            WriteDirectives(writer, tree, block.Directives, block.CloseBrace);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
