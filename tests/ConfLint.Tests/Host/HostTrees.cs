using ConfLint.Configuration;
using ConfLint.Host;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Host;

/// <summary>The host model of a small tree written by a test.</summary>
public static class HostTrees
{
    public static HostModel Model(TempTree tree, ConfLintConfig? config = null) =>
        HostModelBuilder.Build(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), config ?? ConfLintConfig.Empty);

    /// <summary>The tree's one service: its listeners (sorted when <paramref name="sorted"/>), " (unknown)" where an
    /// address of it is unknown, and " Ns" for its application server's request timeout where <paramref name="timeout"/>.</summary>
    public static string ServiceListeners(TempTree tree, bool sorted = false, bool timeout = false)
    {
        var model = Model(tree);
        var service = Assert.Single(model.BackEndsOf<ConfLint.Host.Systemd.ServiceBackEnd>());
        var listeners = service.Listeners.Select(l => l.Endpoint.Describe());
        return string.Join(", ", sorted ? listeners.Order(StringComparer.Ordinal) : listeners)
            + (model.UnknownListeners.Any(u => ReferenceEquals(u.BackEnd, service)) ? " (unknown)" : string.Empty)
            + (timeout && service.Server?.RequestTimeout is { } limit ? $" {limit.TotalSeconds}s" : string.Empty);
    }

    /// <summary>A service unit running <paramref name="execStart"/>, with extra [Service] lines.</summary>
    public static TempTree Service(this TempTree tree, string name, string execStart, params string[] lines) =>
        tree.Write($"etc/systemd/system/{name}", $"[Unit]\nDescription={name}\n\n[Service]\n{string.Join("\n", lines.Append("ExecStart=" + execStart))}\n\n[Install]\nWantedBy=multi-user.target\n");
}
