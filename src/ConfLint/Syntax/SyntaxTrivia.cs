using ConfLint.Text;

namespace ConfLint.Syntax;

/// <summary>Text that is kept for printing but carries no meaning for the daemon: blanks, line breaks, comments.</summary>
public readonly record struct SyntaxTrivia(TriviaKind Kind, TextSpan Span);
