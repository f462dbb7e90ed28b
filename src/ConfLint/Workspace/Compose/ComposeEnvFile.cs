namespace ConfLint.Workspace.Compose;

/// <summary>One <c>env_file</c>: its server path (null when it depends on a variable), and whether Compose requires it.</summary>
public sealed record ComposeEnvFile(string? Path, bool Required);
