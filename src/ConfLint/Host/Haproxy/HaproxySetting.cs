using ConfLint.Syntax.Haproxy;
using ConfLint.Workspace;

namespace ConfLint.Host.Haproxy;

/// <summary>A line of a HAProxy configuration as the model reads it: the line, its file, and its words with the
/// instance's environment variables expanded (<see cref="Unknown"/> when one of them is not known).</summary>
public sealed record HaproxySetting(HaproxyLine Line, ConfigFile File, IReadOnlyList<string> Words, bool Unknown)
{
    /// <summary>The keyword (after a <c>no</c> or <c>default</c> modifier).</summary>
    public string Keyword => Line.Keyword;

    /// <summary>The words after the keyword.</summary>
    public IReadOnlyList<string> Args => Line.Modifier is null ? Words.Skip(1).ToArray() : Words.Skip(2).ToArray();

    public string? Arg(int index) => index < Args.Count ? Args[index] : null;
}
