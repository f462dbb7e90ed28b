using ConfLint.Diagnostics;

namespace ConfLint.Workspace;

/// <summary>
/// Finds include cycles: each include that leads back to a file on the way to it is marked (the host model does
/// not follow it), and each cycle is reported once, as a group of files that include one another (a strongly
/// connected component, Tarjan's algorithm), however many includes close it: two folders whose files include
/// each other's folder by glob are one cycle, not one per pair. The walk keeps its own stack, so a chain of
/// thousands of includes cannot overflow the thread's.
/// </summary>
internal static class IncludeCycles
{
    /// <summary>At most this many files are named in a cycle's message; the middle of a longer chain is counted.</summary>
    private const int MaxNamed = 8;

    public static void Mark(LoadState state)
    {
        // Sized for the tree up front, and filled without a query per include: a large tree has thousands of files and
        // includes, and this runs while the trees are loaded (what it leaves behind is garbage among them).
        var files = state.Files.Count;
        var edges = new Dictionary<ConfigFile, List<(IncludeSite Site, ConfigFile Target)>>(files);
        foreach (var site in state.Sites)
        {
            if (!edges.TryGetValue(site.From, out var list))
            {
                edges[site.From] = list = new List<(IncludeSite Site, ConfigFile Target)>(site.Targets.Count);
            }

            for (var i = 0; i < site.Targets.Count; i++)
            {
                list.Add((site, site.Targets[i]));
            }
        }

        var index = new Dictionary<ConfigFile, int>(files);
        var low = new Dictionary<ConfigFile, int>(files);
        var onPath = new HashSet<ConfigFile>();
        var onStack = new HashSet<ConfigFile>();
        var stack = new Stack<ConfigFile>();
        var component = new Dictionary<ConfigFile, int>(files);
        var backEdges = new List<(IncludeSite Site, ConfigFile From, ConfigFile To)>();
        var frames = new Stack<Frame>();
        var components = 0;

        void Enter(ConfigFile file)
        {
            index[file] = low[file] = index.Count;
            onPath.Add(file);
            onStack.Add(file);
            stack.Push(file);
            frames.Push(new Frame(file, edges.GetValueOrDefault(file) ?? []));
        }

        foreach (var root in state.Files)
        {
            if (index.ContainsKey(root))
            {
                continue;
            }

            Enter(root);
            while (frames.Count > 0)
            {
                var frame = frames.Peek();
                var file = frame.File;
                if (frame.Next < frame.Edges.Count)
                {
                    var (site, target) = frame.Edges[frame.Next++];
                    if (!index.TryGetValue(target, out var targetIndex))
                    {
                        Enter(target);
                    }
                    else if (onPath.Contains(target))
                    {
                        site.ClosesCycle = true;
                        backEdges.Add((site, file, target));
                        low[file] = Math.Min(low[file], targetIndex);
                    }
                    else if (onStack.Contains(target))
                    {
                        low[file] = Math.Min(low[file], targetIndex);
                    }

                    continue;
                }

                frames.Pop();
                onPath.Remove(file);
                if (frames.Count > 0)
                {
                    var parent = frames.Peek().File;
                    low[parent] = Math.Min(low[parent], low[file]);
                }

                if (low[file] == index[file])
                {
                    ConfigFile member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component[member] = components;
                    }
                    while (member != file);
                    components++;
                }
            }
        }

        foreach (var group in backEdges.GroupBy(e => component[e.From]))
        {
            var (site, from, to) = group.First();
            var members = component.Where(c => c.Value == group.Key).Select(c => c.Key).ToHashSet();
            var chain = Chain(edges, members, to, from);
            var closing = group.Select(e => e.Site).Distinct().Count();
            var extent = chain.Count - 1 == members.Count && closing == 1 && chain.Count <= MaxNamed
                ? string.Empty
                : $" ({members.Count} files include one another here; {(closing == 1 ? "1 include closes" : $"{closing} includes close")} the cycle, none is followed)";
            var names = chain.Select(f => f.DisplayPath).ToList();
            if (names.Count > MaxNamed)
            {
                names = [.. names.Take(MaxNamed / 2), $"({names.Count - MaxNamed} more)", .. names.TakeLast(MaxNamed / 2)];
            }

            state.AddSyntaxError(
                site.PatternToken.Location,
                $"include cycle: {string.Join(" -> ", names)}; the cycle is not followed{extent}");
        }
    }

    private sealed class Frame(ConfigFile file, List<(IncludeSite Site, ConfigFile Target)> edges)
    {
        public ConfigFile File { get; } = file;

        public List<(IncludeSite Site, ConfigFile Target)> Edges { get; } = edges;

        public int Next { get; set; }
    }

    /// <summary>The shortest include chain from <paramref name="to"/> back to <paramref name="from"/> inside one
    /// cycle, then the include that closes it: <c>a -&gt; b -&gt; a</c>.</summary>
    private static List<ConfigFile> Chain(Dictionary<ConfigFile, List<(IncludeSite Site, ConfigFile Target)>> edges, HashSet<ConfigFile> members, ConfigFile to, ConfigFile from)
    {
        var previous = new Dictionary<ConfigFile, ConfigFile?> { [to] = null };
        var queue = new Queue<ConfigFile>([to]);
        while (queue.Count > 0 && !previous.ContainsKey(from))
        {
            var current = queue.Dequeue();
            foreach (var (_, target) in edges.GetValueOrDefault(current) ?? [])
            {
                if (members.Contains(target) && previous.TryAdd(target, current))
                {
                    queue.Enqueue(target);
                }
            }
        }

        var chain = new List<ConfigFile> { to };
        for (ConfigFile? step = from; step is not null && step != to; step = previous.GetValueOrDefault(step))
        {
            chain.Insert(1, step);
        }

        chain.Add(to);
        return chain;
    }
}
