namespace ConfLint.Cli;

/// <summary>A problem with how conflint was called or with its input: reported in one line, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
