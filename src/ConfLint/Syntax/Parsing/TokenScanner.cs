namespace ConfLint.Syntax.Parsing;

/// <summary>What a lexical scanner found at a position.</summary>
internal enum TokenScan
{
    /// <summary>No token here (the position is left at what stopped the scan).</summary>
    None,

    /// <summary>A token, appended to the table; the position moved past its trailing trivia.</summary>
    Token,

    /// <summary>A lexical error, recorded in the context.</summary>
    Fatal,
}

/// <summary>Scans one token at <paramref name="position"/>, appending it to the context's table.</summary>
internal delegate TokenScan TokenScanner(ParseContext context, ref int position);
