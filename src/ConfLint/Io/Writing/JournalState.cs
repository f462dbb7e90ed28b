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

/// <summary>What a write is doing: <c>preparing</c> (temporary files being written: roll back) or
/// <c>committing</c> (every new file is on disk, the renames are under way: complete).</summary>
internal sealed record JournalState(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("entries")] List<JournalEntry> Entries,
    [property: JsonPropertyName("createdFolders")] List<string> CreatedFolders);
