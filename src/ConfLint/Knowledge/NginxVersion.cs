using System.Globalization;

namespace ConfLint.Knowledge;

/// <summary>An nginx release number, <c>1.25.1</c>; compares by its parts.</summary>
public readonly record struct NginxVersion(int Major, int Minor, int Patch) : IComparable<NginxVersion>
{
    /// <summary>The newest release the tables know; judged when nothing says which nginx runs.</summary>
    public static readonly NginxVersion Newest = new(1, 29, 8);

    /// <summary>The oldest release the tables know (what they say of it holds for older ones too).</summary>
    public static readonly NginxVersion Oldest = new(1, 18, 0);

    public static bool TryParse(string? text, out NginxVersion version)
    {
        version = default;
        var parts = text?.Trim().Split('.');
        if (parts is not { Length: 2 or 3 })
        {
            return false;
        }

        var numbers = new int[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0 || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = new NginxVersion(numbers[0], numbers[1], numbers[2]);
        return true;
    }

    public int CompareTo(NginxVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor != other.Minor ? Minor.CompareTo(other.Minor) : Patch.CompareTo(other.Patch);

    public static bool operator <(NginxVersion a, NginxVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(NginxVersion a, NginxVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(NginxVersion a, NginxVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(NginxVersion a, NginxVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Major}.{Minor}.{Patch}";
}
