namespace ConfLint.Syntax;

/// <summary>
/// One string per directive name: the hundreds of thousands of <c>location</c> and <c>proxy_pass</c> of a large tree
/// cost no string each and mostly compare by reference first. The table stops growing at a few thousand names.
/// </summary>
internal static class NameTable
{
    // Each thread its own table (InternTable): not process-wide state.
    [ThreadStatic]
    private static InternTable? t_names;

    public static string Get(ReadOnlySpan<char> text) => InternTable.Of(ref t_names, maxEntries: 4096, maxLength: int.MaxValue).Get(text);
}

/// <summary>
/// One string per short argument value (64 characters at most): a tree of thousands of sites repeats the same ports,
/// flags, paths and header values in every server, and each of them decoded to its own string was the largest part of
/// what the model kept. The table stops growing at some thousands of values.
/// </summary>
internal static class ValueTable
{
    [ThreadStatic]
    private static InternTable? t_values;

    public static string Get(ReadOnlySpan<char> text) => InternTable.Of(ref t_values, maxEntries: 16384, maxLength: 64).Get(text);
}
