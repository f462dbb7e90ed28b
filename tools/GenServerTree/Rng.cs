namespace ConfLint.Tools.GenServerTree;

/// <summary>
/// A SplitMix64 generator: the same seed gives the same sequence on every machine and .NET version, which
/// <see cref="Random"/> does not promise. Each part of the tree draws from its own stream
/// (<see cref="For"/>), so one file's content does not depend on how many values another file drew.
/// </summary>
public sealed class Rng
{
    private ulong _state;

    public Rng(ulong seed) => _state = seed;

    /// <summary>An independent stream for one named part (a site, a pool, a unit) under a seed.</summary>
    public static Rng For(ulong seed, string stream, int index)
    {
        // FNV-1a over the stream name: string.GetHashCode is randomized per process.
        var hash = 14695981039346656037UL;
        foreach (var c in stream)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        var mixed = new Rng(seed ^ hash);
        mixed._state += (ulong)index * 0xD1B54A32D192ED03UL;
        mixed.NextUInt64();
        return mixed;
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, max).</summary>
    public int Next(int max) => max <= 1 ? 0 : (int)(NextUInt64() % (ulong)max);

    /// <summary>A value in [min, max].</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    /// <summary>True with the given probability in percent.</summary>
    public bool Chance(int percent) => Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
