using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>The root's /etc/hosts: what a name such as <c>localhost</c> means on that host.</summary>
public static class HostsFile
{
    /// <summary>The addresses /etc/hosts gives <paramref name="name"/>, in the order it lists them; for <c>localhost</c>
    /// without a hosts file (or without an entry), both loopbacks: <c>127.0.0.1</c> and <c>::1</c>.</summary>
    public static IReadOnlyList<string> AddressesOf(RootedFileSystem fs, string name)
    {
        var found = new List<string>();
        foreach (var line in fs.Root is null ? [] : fs.ReadLines("/etc/hosts"))
        {
            var fields = line.Split('#')[0].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && Endpoint.IsIpAddress(fields[0]) && fields.Skip(1).Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                var address = Endpoint.NormalizeHost(fields[0]);
                if (!found.Contains(address))
                {
                    found.Add(address);
                }
            }
        }

        return found.Count == 0 && name.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? ["127.0.0.1", "::1"] : found;
    }
}
