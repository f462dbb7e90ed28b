using YamlDotNet.RepresentationModel;

namespace ConfLint.Workspace.Compose;

/// <summary>
/// YAML's merge key as Compose reads it: <c>&lt;&lt;: *defaults</c> (or a list of aliases) brings in the keys of the
/// merged mappings that the mapping does not set itself; a key the mapping writes wins over a merged one, and of two
/// merged mappings the first wins. YamlDotNet's merging parser instead adds the merged keys beside the written ones
/// and fails on the duplicate, which dropped a whole Compose file that overrides one merged key.
/// </summary>
internal static class YamlMerge
{
    private static readonly YamlScalarNode MergeKey = new("<<");

    /// <summary>Resolves every merge key under <paramref name="node"/>, in place (an anchored mapping once, for all its aliases).</summary>
    public static void Resolve(YamlNode node) => Resolve(node, new HashSet<YamlNode>(ReferenceEqualityComparer.Instance));

    private static void Resolve(YamlNode node, HashSet<YamlNode> done)
    {
        if (!done.Add(node))
        {
            return;
        }

        if (node is YamlSequenceNode sequence)
        {
            foreach (var item in sequence.Children)
            {
                Resolve(item, done);
            }

            return;
        }

        if (node is not YamlMappingNode map)
        {
            return;
        }

        foreach (var value in map.Children.Values)
        {
            Resolve(value, done);
        }

        if (!map.Children.TryGetValue(MergeKey, out var merged))
        {
            return;
        }

        var sources = merged switch
        {
            YamlMappingNode one => [one],
            YamlSequenceNode many => many.Children.OfType<YamlMappingNode>().ToList(),
            _ => new List<YamlMappingNode>(),
        };
        var written = map.Children.Keys.Where(k => !k.Equals(MergeKey)).ToHashSet();
        var entries = new List<KeyValuePair<YamlNode, YamlNode>>();
        foreach (var entry in map.Children)
        {
            if (!entry.Key.Equals(MergeKey))
            {
                entries.Add(entry);
                continue;
            }

            // The merged keys stand where the merge key stood, as the merging parser put them.
            foreach (var source in sources)
            {
                foreach (var inherited in source.Children.Where(c => !c.Key.Equals(MergeKey)))
                {
                    if (written.Add(inherited.Key))
                    {
                        entries.Add(inherited);
                    }
                }
            }
        }

        map.Children.Clear();
        foreach (var (key, value) in entries)
        {
            map.Children.Add(key, value);
        }
    }
}
