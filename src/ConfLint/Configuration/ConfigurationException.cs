namespace ConfLint.Configuration;

/// <summary>A bad <c>.conflint.yml</c> (or option): the message names the file, line, column and key.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
