namespace ConfLint.Knowledge;

/// <summary>Reads a table embedded from <c>data/directives/</c>: its lines that are not comments or blank.</summary>
internal static class DirectiveData
{
    /// <summary>The table's bytes (UTF-8), for the parsers that read it without decoding it whole.</summary>
    public static byte[] Bytes(string name)
    {
        using var stream = typeof(DirectiveData).Assembly.GetManifestResourceStream("directives/" + name)
            ?? throw new InvalidOperationException($"the directive table '{name}' is not embedded");
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)(stream.Length - stream.Position)));
        stream.ReadExactly(bytes);
        return bytes;
    }

    public static List<string> Lines(string name)
    {
        using var stream = typeof(DirectiveData).Assembly.GetManifestResourceStream("directives/" + name)
            ?? throw new InvalidOperationException($"the directive table '{name}' is not embedded");
        using var reader = new StreamReader(stream);
        var lines = new List<string>(1024);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
