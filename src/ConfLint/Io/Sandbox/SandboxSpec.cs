namespace ConfLint.Io.Sandbox;

/// <summary>One program to run in the sandbox: what, with which environment, and what it sees besides the system.</summary>
internal sealed record SandboxSpec
{
    /// <summary>The program, an absolute path of this machine (it is mounted read-only where it is).</summary>
    public required string Binary { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The whole environment of the program (nothing else of ConfLint's is passed on).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The staged server tree, mounted read-only at <c>/etc</c>, <c>/srv</c>, ... (its top-level folders).</summary>
    public StagedTree? Stage { get; init; }

    /// <summary>Host folders mounted read-only at another path (the host's module folder where a tree expects one).</summary>
    public IReadOnlyList<(string Source, string Target)> ReadOnlyMounts { get; init; } = [];

    /// <summary>Folders made in the sandbox's private writable areas (<c>/run/php</c>, <c>/var/log/nginx</c>).</summary>
    public IReadOnlyList<string> Folders { get; init; } = [];

    public required TimeSpan TimeLimit { get; init; }
}
