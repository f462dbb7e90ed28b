namespace ConfLint.Io.Writing;

/// <summary>A path that cannot be written without leaving the root, or that is not what a write expects.</summary>
public sealed class ConfinementException(string message) : IOException(message);
