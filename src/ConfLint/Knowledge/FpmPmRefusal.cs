namespace ConfLint.Knowledge;

/// <summary>What php-fpm refuses first, in its own words (without the <c>[pool NAME] </c> it puts before them), and the
/// key that holds the value it names.</summary>
public sealed record FpmPmRefusal(string Key, string Message);
