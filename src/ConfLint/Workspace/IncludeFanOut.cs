namespace ConfLint.Workspace;

/// <summary>
/// Bounds what the includes expand to. Each file is read and parsed once, but the daemons, and ConfLint's host
/// model and checks after them, read an included file again at every include of it: ten files each including the
/// next one ten times expand to ten billion copies of the last (an include "fan-out bomb" a pull request can
/// bring in a few hundred bytes). Counted from the deepest files up, a file's expansion is itself plus what each
/// of its includes brings, each include as many times as it is written; an include that would take its file past
/// <see cref="MaxCopies"/> file copies or <see cref="MaxCharacters"/> characters is not followed (like one that
/// closes a cycle) and is reported, so that no arrangement of includes makes the work more than linear.
/// </summary>
internal static class IncludeFanOut
{
    /// <summary>Far more than a server has (a host with thousands of sites, each including a few snippets).</summary>
    public const long MaxCopies = 100_000;

    /// <summary>Twice the largest file read.</summary>
    public const long MaxCharacters = 2 * RootedFileSystem.MaxFileSize;

    private static readonly IncludeSite[] NoSites = [];

    public static void Limit(LoadState state)
    {
        // Sized up front, walked by index and with one stack: this runs while a large tree's files are loaded, and what it
        // leaves behind is garbage among them.
        var sites = new Dictionary<ConfigFile, List<IncludeSite>>(state.Files.Count);
        foreach (var site in state.Sites)
        {
            if (site.ClosesCycle)
            {
                continue;
            }

            if (!sites.TryGetValue(site.From, out var list))
            {
                sites[site.From] = list = [];
            }

            list.Add(site);
        }

        // Post-order over the includes, which form no cycle once the closing ones are set aside; an explicit stack.
        var expansion = new Dictionary<ConfigFile, (long Copies, long Characters)>(state.Files.Count);
        var stack = new Stack<(ConfigFile File, bool Ready)>();
        foreach (var start in state.Files)
        {
            stack.Push((start, false));
            while (stack.Count > 0)
            {
                var (file, ready) = stack.Pop();
                if (expansion.ContainsKey(file))
                {
                    continue;
                }

                IReadOnlyList<IncludeSite> own = sites.TryGetValue(file, out var list) ? list : NoSites;
                if (!ready)
                {
                    stack.Push((file, true));
                    for (var s = 0; s < own.Count; s++)
                    {
                        var site = own[s];
                        for (var i = 0; i < site.Targets.Count; i++)
                        {
                            if (!expansion.ContainsKey(site.Targets[i]))
                            {
                                stack.Push((site.Targets[i], false));
                            }
                        }
                    }

                    continue;
                }

                expansion[file] = Expand(state, file, own, expansion);
            }
        }
    }

    private static (long Copies, long Characters) Expand(LoadState state, ConfigFile file, IReadOnlyList<IncludeSite> own, Dictionary<ConfigFile, (long Copies, long Characters)> expansion)
    {
        var copies = 1L;
        var characters = (long)(file.Source?.Length ?? 0);
        for (var s = 0; s < own.Count; s++)
        {
            var site = own[s];
            var addCopies = 0L;
            var addCharacters = 0L;
            for (var i = 0; i < site.Targets.Count; i++)
            {
                var target = site.Targets[i];
                // A target still being expanded lies on a path the cycle marking set aside: count it as one copy.
                var (c, n) = expansion.GetValueOrDefault(target, (1, target.Source?.Length ?? 0));
                addCopies += c;
                addCharacters += n;
            }

            if (copies + addCopies > MaxCopies || characters + addCharacters > MaxCharacters)
            {
                site.ClosesCycle = true;
                state.AddSyntaxError(
                    site.PatternToken.Location,
                    $"this include would expand {file.DisplayPath} to more than {(copies + addCopies > MaxCopies ? $"{MaxCopies:N0} copies of included files" : $"{MaxCharacters / (1024 * 1024)} MiB")} "
                    + "(files included again and again, each including others many times): it is not followed, and what it brings is not checked here");
                continue;
            }

            copies += addCopies;
            characters += addCharacters;
        }

        return (copies, characters);
    }
}
