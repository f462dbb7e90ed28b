namespace ConfLint.Workspace;

/// <summary>Expanding include patterns as the daemons' glob(3) and apr_fnmatch do.</summary>
public sealed partial class RootedFileSystem
{
    /// <summary>
    /// Expands a glob (<c>*</c>, <c>?</c>, <c>[...]</c> in any path component) into the server paths of what
    /// exists, sorted by byte order as nginx's and Apache's glob do; a leading dot must be written. A folder reached
    /// twice (through links) is searched once, so no arrangement of links multiplies the work. With
    /// <see cref="GlobDialect.Fnmatch"/> (Apache), a wildcard before the last component matches only real
    /// folders, not links to them, as <c>ap_dir_fnmatch</c> does.
    /// </summary>
    public IReadOnlyList<string> Glob(string serverPattern, GlobDialect dialect = GlobDialect.Glob)
    {
        var parts = Normalize(serverPattern).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = new List<string> { "/" };
        for (var index = 0; index < parts.Length; index++)
        {
            var part = parts[index];
            var last = index == parts.Length - 1;
            var next = new List<string>();
            if (!HasWildcard(part))
            {
                var literal = Unescape(part);
                foreach (var directory in current)
                {
                    var candidate = directory == "/" ? "/" + literal : directory + "/" + literal;
                    if (Resolve(candidate) is not null)
                    {
                        next.Add(candidate);
                    }
                }
            }
            else
            {
                var compiled = GlobPattern.Compile(part, dialect);
                foreach (var directory in current)
                {
                    foreach (var entry in EnumerateEntries(directory))
                    {
                        var name = entry[(entry.LastIndexOf('/') + 1)..];
                        if (!compiled.IsMatch(name))
                        {
                            continue;
                        }

                        if (!last && (dialect == GlobDialect.Fnmatch ? EntryTypeOf(entry) : TypeOf(entry)) != FileType.Directory)
                        {
                            continue;
                        }

                        next.Add(entry);
                    }
                }
            }

            current = last ? next : Distinct(next);
            if (current.Count == 0)
            {
                break;
            }
        }

        return current.Where(p => p != "/").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Keeps one path per real folder.</summary>
    private List<string> Distinct(List<string> folders)
    {
        var seen = new HashSet<(ulong, ulong)>();
        var kept = new List<string>(folders.Count);
        foreach (var folder in folders)
        {
            if (IdentityOf(folder) is not { } identity || seen.Add(identity))
            {
                kept.Add(folder);
            }
        }

        return kept;
    }

    public static bool HasWildcard(string pattern) => FirstWildcard(pattern) >= 0;

    /// <summary>Where the first glob character (<c>*</c>, <c>?</c>, <c>[</c>) of a pattern stands, or -1.</summary>
    public static int FirstWildcard(string pattern) => pattern.AsSpan().IndexOfAny(Wildcards);

    private static readonly System.Buffers.SearchValues<char> Wildcards = System.Buffers.SearchValues.Create("*?[");

    /// <summary>A component without wildcards, its backslash escapes removed (glob(3) and fnmatch read them so).</summary>
    private static string Unescape(string part)
    {
        if (!part.Contains('\\', StringComparison.Ordinal))
        {
            return part;
        }

        var builder = new System.Text.StringBuilder(part.Length);
        for (var i = 0; i < part.Length; i++)
        {
            if (part[i] == '\\' && i + 1 < part.Length)
            {
                i++;
            }

            builder.Append(part[i]);
        }

        return builder.ToString();
    }
}
