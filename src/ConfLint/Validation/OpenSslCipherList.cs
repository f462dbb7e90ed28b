namespace ConfLint.Validation;

/// <summary>
/// What OpenSSL's <c>SSL_CTX_set_cipher_list</c> (nginx's <c>ssl_ciphers</c>, Apache's <c>SSLCipherSuite</c>, HAProxy's
/// <c>ciphers</c>) refuses for certain: a list none of whose elements adds a cipher fails with "no cipher match"
/// (<c>ssl_create_cipher_list</c> in ssl/ssl_ciph.c, then <c>cipher_list_tls12_num</c> is 0). An element adds ciphers
/// only without a <c>!</c>, <c>-</c> or <c>+</c> in front, and only when each of its <c>+</c>-joined words names a cipher
/// or an alias; a word that names nothing makes OpenSSL skip the element without an error. The names are compared with
/// <c>strncmp</c>, case and all, so a word OpenSSL cannot know is one written with lower-case letters no cipher name or
/// alias has (<c>eecdh</c>, <c>high</c>, <c>ecdhe-rsa-aes128-gcm-sha256</c>): cipher names are upper case, and the aliases
/// with lower case are a lower-case letter before an upper-case name (<c>kRSA</c>, <c>aNULL</c>, <c>eNULL</c>) or the
/// protocol versions (<c>TLSv1.2</c>, <c>SSLv3</c>). A word in upper case that OpenSSL does not have is not judged here
/// (its tables change between releases): then the list is not said to match nothing.
/// </summary>
internal static class OpenSslCipherList
{
    /// <summary>Why the list selects no cipher, or null when it may select some.</summary>
    public static string? MatchesNothing(string list)
    {
        string? unknown = null;
        var adding = 0;
        foreach (var element in list.Split([':', ' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (element[0] is '!' or '-' or '+' or '@')
            {
                continue; // removes, moves or orders ciphers, or a command such as @STRENGTH: adds none
            }

            adding++;
            var unknownWord = Array.Find(element.Split('+'), CannotName);
            if (unknownWord is null)
            {
                return null; // may add ciphers
            }

            unknown ??= unknownWord;
        }

        return adding == 0 || unknown is null ? null
            : $"OpenSSL's cipher names are case-sensitive, and no cipher or alias is named '{unknown}' (did you mean '{Spelled(unknown)}'?)";
    }

    /// <summary>The aliases written with lower-case letters (OpenSSL 3.0's <c>cipher_aliases</c>).</summary>
    private static readonly string[] MixedCase =
    [
        "aNULL", "eNULL", "kRSA", "aRSA", "kEDH", "kDHE", "kEECDH", "kECDHE", "aECDSA", "aDSS", "kPSK", "aPSK", "kSRP",
        "aSRP", "kGOST", "kGOST18", "aGOST", "aGOST01", "aGOST12", "kRSAPSK", "kECDHEPSK", "kDHEPSK", "TLSv1", "TLSv1.0",
        "TLSv1.2", "SSLv3",
    ];

    /// <summary>The word as OpenSSL spells it: an alias written with lower-case letters, else the word in upper case.</summary>
    private static string Spelled(string word) =>
        Array.Find(MixedCase, alias => alias.Equals(word, StringComparison.OrdinalIgnoreCase)) ?? word.ToUpperInvariant();

    /// <summary>Whether no OpenSSL cipher name or alias can be this word, by its letters' case.</summary>
    private static bool CannotName(string word)
    {
        if (!word.Any(char.IsAsciiLetterLower))
        {
            return false;
        }

        if (word.StartsWith("TLSv1", StringComparison.Ordinal) || word == "SSLv3")
        {
            return false;
        }

        // kRSA, aNULL, eNULL, kECDHEPSK, aGOST01: one lower-case letter, then no other.
        return !(word.Length > 1 && word[0] is 'k' or 'a' or 'e' && !word.AsSpan(1).ContainsAnyInRange('a', 'z'));
    }
}
