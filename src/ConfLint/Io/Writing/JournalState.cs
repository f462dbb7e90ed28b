using System.Text.Json.Serialization;

namespace ConfLint.Io.Writing;

/// <summary>One file of a write, as the journal records it (paths relative to the root, links resolved).</summary>
internal sealed record JournalEntry(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("temporary")] string Temporary,
    [property: JsonPropertyName("backup")] string? Backup,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("display")] string Display)
{
    [JsonIgnore]
    public bool IsNew => Backup is null;
}

/// <summary>
/// A folder a write made, as it was when made: its path, identity (device, inode) and birth time (seconds and
/// nanoseconds, 0 where the file system keeps none). A recovery removes an empty folder only when all of them
/// still match: a checkout or archive cannot give a folder an identity and birth time its journal knows beforehand.
/// </summary>
internal sealed record MadeFolder(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("device")] ulong Device,
    [property: JsonPropertyName("inode")] ulong Inode,
    [property: JsonPropertyName("born")] long BornSeconds,
    [property: JsonPropertyName("bornNs")] uint BornNanoseconds);

/// <summary>What a write is doing: <c>preparing</c> (temporary files being written: roll back) or
/// <c>committing</c> (every new file is on disk, the renames are under way: complete). <c>createdFolders</c> are
/// the folders the write means to make (for a person to read); <c>madeFolders</c> those it made, with their proof.</summary>
internal sealed record JournalState(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("entries")] List<JournalEntry> Entries,
    [property: JsonPropertyName("createdFolders")] List<string> CreatedFolders,
    [property: JsonPropertyName("madeFolders")] List<MadeFolder>? MadeFolders = null);
