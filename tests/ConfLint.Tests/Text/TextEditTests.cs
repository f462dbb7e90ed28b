using ConfLint.Diagnostics;
using ConfLint.Text;

namespace ConfLint.Tests.Text;

/// <summary>Overlap keeps Roslyn's meaning; the one definition of conflicting edits sits on top of it.</summary>
public class TextEditTests
{
    [Theory]
    [InlineData(0, 5, 5, 5, false)]
    [InlineData(0, 5, 4, 2, true)]
    [InlineData(0, 5, 1, 2, true)]
    [InlineData(3, 0, 0, 5, false)]
    [InlineData(3, 0, 3, 0, false)]
    public void Spans_overlap_only_when_they_share_a_character(int start, int length, int otherStart, int otherLength, bool overlaps)
    {
        var a = new TextSpan(start, length);
        var b = new TextSpan(otherStart, otherLength);
        Assert.Equal(overlaps, a.OverlapsWith(b));
        Assert.Equal(overlaps, b.OverlapsWith(a));
    }

    [Theory]
    [InlineData(0, 5, 2, 0, true)]
    [InlineData(0, 5, 5, 0, false)]
    [InlineData(0, 5, 0, 0, true)]
    [InlineData(4, 0, 4, 0, true)]
    [InlineData(0, 5, 5, 3, false)]
    [InlineData(0, 5, 3, 4, true)]
    [InlineData(0, 5, 0, 2, true)]
    public void Edits_conflict_when_they_overlap_start_together_or_one_inserts_inside_the_other(int start, int length, int otherStart, int otherLength, bool conflicts)
    {
        var a = new TextEdit(new TextSpan(start, length), "x");
        var b = new TextEdit(new TextSpan(otherStart, otherLength), "y");
        Assert.Equal(conflicts, a.ConflictsWith(b));
        Assert.Equal(conflicts, b.ConflictsWith(a));
        if (conflicts)
        {
            Assert.Throws<InvalidOperationException>(() => TextEdit.Apply("0123456789", [a, b]));
        }
        else
        {
            Assert.NotNull(TextEdit.Apply("0123456789", [b, a]));
        }
    }

    [Fact]
    public void File_edits_conflict_only_in_the_same_file_and_always_with_a_created_file()
    {
        var file = new FileId("/etc/nginx/nginx.conf", "etc/nginx/nginx.conf");
        var other = new FileId("/etc/nginx/other.conf", "etc/nginx/other.conf");
        var edit = new FileEdit(file, TextEdit.Insert(10, "a"));
        Assert.False(edit.ConflictsWith(new FileEdit(other, TextEdit.Insert(10, "b"))));
        Assert.True(edit.ConflictsWith(new FileEdit(file, TextEdit.Insert(10, "b"))));
        Assert.False(edit.ConflictsWith(new FileEdit(file, TextEdit.Insert(11, "b"))));
        Assert.True(edit.ConflictsWith(new FileEdit(file, TextEdit.Insert(0, "new"), CreatesFile: true)));
    }
}
