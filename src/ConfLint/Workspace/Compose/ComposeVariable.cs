namespace ConfLint.Workspace.Compose;

/// <summary>
/// What ConfLint knows of one variable of Compose's interpolation: set to a value (from the project's <c>.env</c>), set
/// but to a value it cannot know (a <c>.env</c> line that takes it from the environment Compose is started from), or not
/// set in anything ConfLint reads (the server's shell might still set it).
/// </summary>
public readonly record struct ComposeVariable(string? Value, bool Set)
{
    public static readonly ComposeVariable Unset = new(null, false);

    public static readonly ComposeVariable Unresolved = new(null, true);

    public static ComposeVariable Of(string value) => new(value, true);

    /// <summary>Set, with a value ConfLint knows.</summary>
    public bool Known => Set && Value is not null;

    /// <summary>Set, with a value ConfLint cannot know.</summary>
    public bool Unknown => Set && Value is null;
}
