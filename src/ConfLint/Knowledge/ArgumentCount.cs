namespace ConfLint.Knowledge;

/// <summary>
/// How many arguments a directive takes, as the tables write it: <c>0</c>, a set of exact counts (<c>12</c> is one
/// or two, <c>1234</c>), <c>1+</c>, <c>2+</c>, <c>flag</c> (exactly one), <c>*</c> (any), or <c>?</c> (not known:
/// never judged).
/// </summary>
public readonly record struct ArgumentCount(int ExactMask, int AtLeast, bool Any, bool IsFlag = false)
{
    public static ArgumentCount Parse(ReadOnlySpan<char> code)
    {
        if (code is "*" or "?")
        {
            return new ArgumentCount(0, 0, true);
        }

        if (code is "flag")
        {
            return new ArgumentCount(1 << 1, -1, false, IsFlag: true);
        }

        if (code.Length == 2 && code[1] == '+')
        {
            return new ArgumentCount(0, code[0] - '0', false);
        }

        var mask = 0;
        foreach (var c in code)
        {
            if (c is >= '0' and <= '9')
            {
                mask |= 1 << (c - '0');
            }
        }

        return new ArgumentCount(mask, -1, false);
    }

    public bool Accepts(int count) => Any || (AtLeast >= 0 ? count >= AtLeast : count < 31 && (ExactMask & (1 << count)) != 0);
}
