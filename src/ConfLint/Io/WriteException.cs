namespace ConfLint.Io;

/// <summary>A write that did not happen; every file is as it was.</summary>
public sealed class WriteException(string message) : Exception(message);
