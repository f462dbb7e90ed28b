namespace ConfLint.Knowledge;

/// <summary>
/// The buffer arithmetic nginx checks when it merges each level of a proxy, fastcgi, uwsgi or scgi configuration
/// (<c>ngx_http_*_merge_loc_conf</c>): at least two buffers; the busy size at least the larger of the header buffer
/// and one buffer, and less than all buffers but one; the temporary-file write size and the maximum temporary file
/// size likewise at least that larger buffer. The values are the effective ones at a level (set there or inherited),
/// null where nothing sets them (nginx's defaults apply: 8 buffers of a page, a header buffer of a page, busy and
/// write sizes of twice the larger buffer, a 1 GiB temporary file).
/// </summary>
public static class NginxBuffers
{
    /// <summary>The memory page size of x86-64 and arm64 Linux: nginx's default buffer size there.</summary>
    public const long PageSize = 4096;

    /// <summary>The prefixes whose modules make these checks.</summary>
    public static readonly IReadOnlyList<string> Prefixes = ["proxy", "fastcgi", "uwsgi", "scgi"];

    /// <summary>The effective settings of one level for one prefix.</summary>
    public sealed record Settings(long? BufferCount, long? BufferSize, long? HeaderBufferSize, long? BusySize, long? TempFileWriteSize, long? MaxTempFileSize);

    /// <summary>What nginx refuses in <paramref name="settings"/>, in its own words (the first failure, as nginx stops there), or null.</summary>
    public static string? Check(string prefix, Settings settings, long pageSize = PageSize)
    {
        var count = settings.BufferCount ?? 8;
        var bufferSize = settings.BufferSize ?? pageSize;
        if (count < 2)
        {
            return $"there must be at least 2 \"{prefix}_buffers\"";
        }

        var size = Math.Max(settings.HeaderBufferSize ?? pageSize, bufferSize);
        var busy = settings.BusySize ?? (2 * size);
        if (busy < size)
        {
            return $"\"{prefix}_busy_buffers_size\" must be equal to or greater than the maximum of the value of \"{prefix}_buffer_size\" and one of the \"{prefix}_buffers\"";
        }

        if (busy > (count - 1) * bufferSize)
        {
            return $"\"{prefix}_busy_buffers_size\" must be less than the size of all \"{prefix}_buffers\" minus one buffer";
        }

        if ((settings.TempFileWriteSize ?? (2 * size)) < size)
        {
            return $"\"{prefix}_temp_file_write_size\" must be equal to or greater than the maximum of the value of \"{prefix}_buffer_size\" and one of the \"{prefix}_buffers\"";
        }

        var maxTemp = settings.MaxTempFileSize ?? (1024L * 1024 * 1024);
        if (maxTemp != 0 && maxTemp < size)
        {
            return $"\"{prefix}_max_temp_file_size\" must be equal to zero to disable temporary files usage or must be equal to or greater than the maximum of the value of \"{prefix}_buffer_size\" and one of the \"{prefix}_buffers\"";
        }

        return null;
    }

    /// <summary>
    /// For a fix that sets <c>{prefix}_buffer_size</c>: the largest header buffer the level's other settings allow
    /// (nginx would refuse anything larger), or null where any size is allowed by the arithmetic alone.
    /// </summary>
    public static long? LargestHeaderBuffer(string prefix, Settings settings, long pageSize = PageSize)
    {
        var count = settings.BufferCount ?? 8;
        var bufferSize = settings.BufferSize ?? pageSize;
        var allBut = (count - 1) * bufferSize;
        // Busy defaults to twice the larger buffer: then the header buffer may be at most half of all buffers but one.
        var limit = settings.BusySize is { } busy ? Math.Min(busy, allBut) : allBut / 2;
        return Math.Max(limit, 0);
    }
}
