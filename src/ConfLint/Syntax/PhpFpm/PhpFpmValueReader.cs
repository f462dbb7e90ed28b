using ConfLint.Syntax.Parsing;

namespace ConfLint.Syntax.PhpFpm;

/// <summary>
/// Reads a value after <c>=</c> as PHP's INI scanner and parser do (php-src <c>Zend/zend_ini_scanner.l</c> state
/// <c>ST_VALUE</c>, <c>Zend/zend_ini_parser.y</c> rules <c>string_or_value</c> and <c>expr</c>), on one line:
/// <list type="bullet">
/// <item>The value ends at the line break or at a <c>;</c> outside quotes (a comment); blanks around it are dropped,
/// blanks inside it are kept; blanks next to a double-quoted piece are dropped (<c>x "y"</c> reads <c>xy</c>).</item>
/// <item>Unquoted words, double- and single-quoted strings and <c>${VAR}</c> that touch or stand a blank apart make
/// one string. <c>#</c> is an ordinary character here.</item>
/// <item><c>&amp; | ^ ~ ! ( )</c> outside quotes are operators of an expression (<c>E_ALL &amp; ~E_NOTICE</c>): a
/// misplaced one (<c>pong (ok)</c>) is a syntax error in PHP, and so here.</item>
/// <item>A bare <c>true on yes false off no none null</c> (any case) is a boolean and must be the whole value.</item>
/// <item>A <c>=</c> outside quotes is a syntax error.</item>
/// </list>
/// The text written to the builder is the value with quotes removed and escapes resolved; words, operators,
/// booleans, constants (<c>E_ALL</c>) and <c>${VAR}</c> are kept as written: expressions are not evaluated.
/// </summary>
internal ref struct PhpFpmValueReader
{
    private readonly string _text;
    private readonly ReadOnlySpan<char> _key;
    private readonly PhpFpmValueBuilder? _value;
    private readonly int _maxDepth;
    private int _start;
    private Item _item;
    private char _lastOperator;
    private int _lastEnd;
    private int _depth;
    private ScanError _error;

    private PhpFpmValueReader(string text, ReadOnlySpan<char> key, PhpFpmValueBuilder? value, int maxDepth)
    {
        _text = text;
        _key = key;
        _value = value;
        _maxDepth = maxDepth;
    }

    private enum ItemKind
    {
        End,
        Word,
        Boolean,
        Blank,
        Quoted,
        Variable,
        Operator,
        Invalid,
    }

    /// <summary>
    /// Reads the value that starts at <paramref name="start"/> (a character that is not a blank, <c>;</c> or line
    /// break). Returns the offset after its last piece, or -1 with <paramref name="error"/> set.
    /// </summary>
    /// <param name="key">The entry's key as written, for messages.</param>
    public static int Read(string text, int start, ReadOnlySpan<char> key, int maxDepth, PhpFpmValueBuilder? value, out ScanError error)
    {
        var reader = new PhpFpmValueReader(text, key, value, maxDepth);
        var end = reader.ReadValue(start);
        error = reader._error;
        return end;
    }

    private static bool IsOperandPiece(ItemKind kind) => kind is ItemKind.Word or ItemKind.Blank or ItemKind.Quoted or ItemKind.Variable;

    private static bool IsBooleanWord(ReadOnlySpan<char> word) =>
        word.Length is >= 2 and <= 5 &&
        (word.Equals("true", StringComparison.OrdinalIgnoreCase) || word.Equals("on", StringComparison.OrdinalIgnoreCase)
            || word.Equals("yes", StringComparison.OrdinalIgnoreCase) || word.Equals("false", StringComparison.OrdinalIgnoreCase)
            || word.Equals("off", StringComparison.OrdinalIgnoreCase) || word.Equals("no", StringComparison.OrdinalIgnoreCase)
            || word.Equals("none", StringComparison.OrdinalIgnoreCase) || word.Equals("null", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a key is one of the words PHP's INI scanner reads as a boolean or null.</summary>
    public static bool IsReservedWord(ReadOnlySpan<char> word) => IsBooleanWord(word);

    private int ReadValue(int start)
    {
        _start = start;
        Next(start);
        if (_item.Kind == ItemKind.Boolean)
        {
            _lastEnd = _item.End;
            Next(_item.Next);
            return _item.Kind == ItemKind.End ? _lastEnd : Fail(Unexpected());
        }

        if (!Expression())
        {
            return -1;
        }

        return _item.Kind == ItemKind.End ? _lastEnd : Fail(Unexpected());
    }

    /// <summary><c>expr: unary (('|' | '&amp;' | '^') unary)*</c>.</summary>
    private bool Expression()
    {
        if (!Unary())
        {
            return false;
        }

        while (_item.Kind == ItemKind.Operator && _text[_item.Start] is '|' or '&' or '^')
        {
            Next(_item.Next);
            if (!Unary())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>unary: ('~' | '!')* ('(' expr ')' | operand)</c>.</summary>
    private bool Unary()
    {
        while (_item.Kind == ItemKind.Operator && _text[_item.Start] is '~' or '!')
        {
            Next(_item.Next);
        }

        if (_item.Kind != ItemKind.Operator || _text[_item.Start] != '(')
        {
            return Operand();
        }

        if (++_depth > _maxDepth)
        {
            Fail(new ScanError(_item.Start, $"parentheses nested deeper than {_maxDepth} levels in the value of '{Key}'"));
            return false;
        }

        Next(_item.Next);
        if (!Expression())
        {
            return false;
        }

        if (_item.Kind != ItemKind.Operator || _text[_item.Start] != ')')
        {
            Fail(_item.Kind is ItemKind.End or ItemKind.Operator
                ? new ScanError(_item.Start, $"expected ')' to close '(' in the value of '{Key}'")
                : Unexpected());
            return false;
        }

        _depth--;
        _lastEnd = _item.End;
        Next(_item.Next);
        return true;
    }

    /// <summary>Words, blanks, quoted strings and variables that touch: one string.</summary>
    private bool Operand()
    {
        if (!IsOperandPiece(_item.Kind))
        {
            Fail(Unexpected());
            return false;
        }

        while (IsOperandPiece(_item.Kind))
        {
            _lastEnd = _item.End;
            Next(_item.Next);
        }

        return true;
    }

    private readonly string Key => _key.Length <= 60 ? _key.ToString() : string.Concat(_key[..57], "...");

    private readonly ScanError Unexpected()
    {
        var item = _item;
        var at = item.Start;
        return item.Kind switch
        {
            ItemKind.Invalid => item.Error,
            ItemKind.End when _lastOperator != '\0' =>
                new ScanError(at, $"expected a value after '{_lastOperator}' in the value of '{Key}'"),
            ItemKind.End => new ScanError(at, $"unexpected end of the line in the value of '{Key}'"),
            ItemKind.Operator => new ScanError(at,
                $"unexpected '{_text[at]}' in the value of '{Key}': outside quotes PHP reads & | ^ ~ ! ( ) as an expression; quote the value"),
            ItemKind.Boolean => new ScanError(at,
                $"unexpected '{_text.AsSpan(at, item.End - at)}' in the value of '{Key}': outside quotes PHP reads it as a boolean; quote the value"),
            _ => new ScanError(at, $"unexpected '{ErrorText.Shorten(_text.AsSpan(at, item.End - at), 20)}' after ')' in the value of '{Key}'; quote the value"),
        };
    }

    private int Fail(ScanError error)
    {
        if (_error.Message is null)
        {
            _error = error;
        }

        return -1;
    }

    /// <summary>Scans the item at <paramref name="p"/> into <see cref="_item"/>, writing its text to the builder.</summary>
    private void Next(int p)
    {
        var text = _text;
        _lastOperator = _item.Kind == ItemKind.Operator ? text[_item.Start] : '\0';
        _item = new Item { Kind = ItemKind.End, Start = p, End = p, Next = p };
        if (p >= text.Length || text[p] is '\n' or '\r' or ';')
        {
            return;
        }

        var c = text[p];
        if (PhpFpmScanner.IsBlank(c))
        {
            var q = PhpFpmScanner.SkipBlanks(text, p);
            if (PhpFpmScanner.IsLineEnd(text, q) || text[q] == ';')
            {
                return;
            }

            if (text[q] != '"')
            {
                Set(ItemKind.Blank, p, q, q);
                return;
            }

            p = q;
            c = '"';
        }

        int end;
        ScanError error;
        switch (c)
        {
            case '"':
                end = PhpFpmScanner.ScanDoubleQuoted(text, p, _value, out error);
                if (end < 0)
                {
                    _item = new Item { Kind = ItemKind.Invalid, Start = p, Error = error };
                    return;
                }

                _item = new Item { Kind = ItemKind.Quoted, Start = p, End = end, Next = PhpFpmScanner.SkipBlanks(text, end) };
                return;
            case '\'':
                end = PhpFpmScanner.ScanSingleQuoted(text, p, _value, out error);
                if (end < 0 && p > _start)
                {
                    // After a first piece PHP does not fail here: it drops the rest of the line without a word.
                    error = error with { Message = error.Message + " (PHP-FPM would silently ignore the rest of the line)" };
                }

                _item = end < 0
                    ? new Item { Kind = ItemKind.Invalid, Start = p, Error = error }
                    : new Item { Kind = ItemKind.Quoted, Start = p, End = end, Next = end };
                return;
            case '$' when p + 1 < text.Length && text[p + 1] == '{':
                end = PhpFpmScanner.ScanVariable(text, p, out error);
                if (end < 0)
                {
                    _item = new Item { Kind = ItemKind.Invalid, Start = p, Error = error };
                    return;
                }

                _item = new Item { Kind = ItemKind.Variable, Start = p, End = end, Next = end };
                _value?.AppendVariable(text, p, end);
                return;
            case '&' or '|' or '^' or '~' or '(' or ')' or '!':
                Set(ItemKind.Operator, p, p + 1, PhpFpmScanner.SkipBlanks(text, p + 1));
                return;
            case '=':
                _item = new Item { Kind = ItemKind.Invalid, Start = p, Error = new ScanError(p,
                    $"unexpected '=' in the value of '{Key}': quote the value to use '='") };
                return;
            case '\0':
                _item = new Item { Kind = ItemKind.Invalid, Start = p, Error = new ScanError(p, "unexpected NUL byte") };
                return;
        }

        end = PhpFpmScanner.ScanRun(text, p, inBrackets: false, out var takesLineBreak);
        if (end == p)
        {
            _item = new Item { Kind = ItemKind.Invalid, Start = p, Error = new ScanError(p + 1, "unexpected NUL byte") };
            return;
        }

        Set(IsBooleanWord(text.AsSpan(p, end - p)) ? ItemKind.Boolean : ItemKind.Word, p, end, end);
        if (takesLineBreak)
        {
            _value?.Append('\n');
        }
    }

    /// <summary>An item whose text is kept as written: from its start to where the next item starts.</summary>
    private void Set(ItemKind kind, int start, int end, int next)
    {
        _item = new Item { Kind = kind, Start = start, End = end, Next = next };
        _value?.Append(_text, start, next - start);
    }

    private struct Item
    {
        public ItemKind Kind;
        public int Start;
        public int End;
        public int Next;
        public ScanError Error;
    }
}
