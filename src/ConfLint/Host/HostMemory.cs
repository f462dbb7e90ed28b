using System.Globalization;
using ConfLint.Configuration;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>
/// The memory the host's processes may use, as far as the root shows it: the machine's (<c>host.memory</c> of
/// .conflint.yml, else MemTotal of <c>/proc/meminfo</c> under the root) and, where the root is a container's, its
/// cgroup limit (<c>/sys/fs/cgroup/memory.max</c> for cgroup v2, <c>memory/memory.limit_in_bytes</c> for v1): inside a
/// container /proc/meminfo shows the whole machine, and the cgroup's OOM killer acts at the limit. A systemd service's
/// <c>MemoryMax=</c> narrows it further for that service (<see cref="ForService"/>).
/// </summary>
public sealed record HostMemory(ByteSize? Total, string? TotalSource, ByteSize? Limit, string? LimitSource)
{
    /// <summary>cgroup v1 writes "no limit" as a huge page-aligned number; anything from here up is no limit.</summary>
    private const long NoLimitV1 = 1L << 62;

    /// <summary>The memory processes may use: the smaller of the machine's and the cgroup limit; null when unknown.</summary>
    public ByteSize? Available => (Total, Limit) switch
    {
        ({ } total, { } limit) => limit < total ? limit : total,
        (null, { } limit) => limit,
        ({ } total, null) => total,
        _ => null,
    };

    /// <summary>For messages: "the host's 7.8 GiB (/proc/meminfo)", "the container's limit of 1 GiB (sys/fs/cgroup/memory.max)".</summary>
    public string Describe() => Limit is { } limit && (Total is null || limit < Total.Value)
        ? $"the container's limit of {limit} ({LimitSource})"
        : $"the host's {Total} ({TotalSource})";

    public static HostMemory Read(RootedFileSystem fs, ConfLintConfig config)
    {
        var (total, totalSource) = config.HostMemory is { } configured
            ? (configured, "host.memory in .conflint.yml")
            : (MemTotal(fs), "proc/meminfo");
        var (limit, limitSource) = CgroupLimit(fs);
        return new HostMemory(total, total is null ? null : totalSource, limit, limitSource);
    }

    /// <summary>What a service may use: its <c>MemoryMax=</c> (or the older <c>MemoryLimit=</c>) when smaller, a percentage
    /// taken of the machine's memory; <paramref name="value"/> is the unit's setting, or null.</summary>
    public (ByteSize? Bytes, string Source) ForService(string? value, string unitName)
    {
        var available = Available;
        var text = value?.Trim();
        ByteSize? max = null;
        if (text is { Length: > 0 } && text != "infinity")
        {
            if (text.EndsWith('%') && Total is { } total && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent))
            {
                max = new ByteSize((long)(total.Bytes * percent / 100));
            }
            else if (ByteSize.TryParseSetting(text, out var size) && size.Bytes > 0)
            {
                max = size;
            }
        }

        return max is { } m && (available is null || m < available.Value)
            ? (m, $"MemoryMax={text} of {unitName}")
            : (available, Describe());
    }

    private static ByteSize? MemTotal(RootedFileSystem fs)
    {
        if (fs.Root is null)
        {
            return null;
        }

        foreach (var line in fs.ReadLines("/proc/meminfo"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "MemTotal:" && long.TryParse(fields[1], out var kilobytes))
            {
                return ByteSize.FromKilobytes(kilobytes);
            }
        }

        return null;
    }

    private static (ByteSize?, string?) CgroupLimit(RootedFileSystem fs)
    {
        if (fs.Root is null)
        {
            return (null, null);
        }

        foreach (var path in new[] { "/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes" })
        {
            var text = fs.ReadLines(path).FirstOrDefault()?.Trim();
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0 && bytes < NoLimitV1)
            {
                return (new ByteSize(bytes), path.TrimStart('/'));
            }
        }

        return (null, null);
    }
}
