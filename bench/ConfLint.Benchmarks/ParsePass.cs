using ConfLint.Syntax;
using ConfLint.Text;

namespace ConfLint.Benchmarks;

/// <summary>What one timed pass does: parse every file of a kind, one after another, on the calling thread.</summary>
public static class ParsePass
{
    /// <summary>Parses every source; returns the number of tokens made. A file that does not parse is an
    /// error: a benchmark over failing parses would time the wrong thing.</summary>
    public static long Run(SourceText[] sources, ConfigKind kind)
    {
        long tokens = 0;
        foreach (var source in sources)
        {
            var result = ConfigParser.Parse(source, kind);
            if (result.Tree is not { } tree)
            {
                throw new InvalidOperationException($"does not parse: {result.Error}");
            }

            tokens += tree.Tokens.Count;
        }

        return tokens;
    }

    /// <summary>Parses every source and prints it back; returns the paths that do not round-trip byte for byte.</summary>
    public static List<string> RoundTripFailures(SourceText[] sources, ConfigKind kind)
    {
        var failures = new List<string>();
        foreach (var source in sources)
        {
            var tree = ConfigParser.Parse(source, kind).Tree;
            if (tree is null || !source.GetBytes().AsSpan().SequenceEqual(tree.ToBytes()))
            {
                failures.Add(source.Path);
            }
        }

        return failures;
    }
}
