namespace ConfLint.Syntax;

public enum TriviaKind
{
    /// <summary>Spaces, tabs, and a carriage return that is not part of a line break.</summary>
    Whitespace,

    /// <summary>LF or CRLF.</summary>
    EndOfLine,

    /// <summary>A comment, from its marker to the end of its line (line break excluded).</summary>
    Comment,

    /// <summary>A backslash followed by a line break (Apache, systemd).</summary>
    LineContinuation,

    /// <summary>A UTF-8 byte-order mark at the start of the file.</summary>
    ByteOrderMark,
}
