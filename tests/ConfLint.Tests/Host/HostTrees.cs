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

    /// <summary>A service unit running <paramref name="execStart"/>, with extra [Service] lines.</summary>
    public static TempTree Service(this TempTree tree, string name, string execStart, params string[] lines) =>
        tree.Write($"etc/systemd/system/{name}", $"[Unit]\nDescription={name}\n\n[Service]\n{string.Join("\n", lines.Append("ExecStart=" + execStart))}\n\n[Install]\nWantedBy=multi-user.target\n");
}
