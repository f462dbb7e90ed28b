namespace ConfLint.Syntax;

public enum TokenKind
{
    /// <summary>An unquoted word: a directive name or argument, a key, a value.</summary>
    Word,

    /// <summary>A single- or double-quoted string, quotes included.</summary>
    QuotedString,

    /// <summary>Text kept verbatim, such as the body of an nginx <c>*_by_lua_block</c>.</summary>
    RawText,

    /// <summary>A punctuation mark or bracket: <c>;</c> <c>{</c> <c>}</c> <c>&lt;</c> <c>&lt;/</c> <c>&gt;</c> <c>[</c> <c>]</c> <c>=</c>.</summary>
    Punctuation,

    /// <summary>The empty token at the end of every file; its leading trivia holds the file's tail.</summary>
    EndOfFile,
}
