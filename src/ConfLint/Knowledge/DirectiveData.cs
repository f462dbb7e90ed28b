namespace ConfLint.Knowledge;

/// <summary>Reads a table embedded from <c>data/directives/</c>: its lines that are not comments or blank.</summary>
internal static class DirectiveData
{
    /// <summary>The whole text of a table, for the parsers that read it over spans.</summary>
    public static string Text(string name)
    {
        using var stream = typeof(DirectiveData).Assembly.GetManifestResourceStream("directives/" + name)
            ?? throw new InvalidOperationException($"the directive table '{name}' is not embedded");
        if (stream is UnmanagedMemoryStream image)
        {
            // The table lies in the executable's image: decoded from there, with no copy of its bytes.
            unsafe
            {
                return System.Text.Encoding.UTF8.GetString(image.PositionPointer, checked((int)(image.Length - image.Position)));
            }
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
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
