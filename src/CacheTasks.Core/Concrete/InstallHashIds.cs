using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CacheTasks.Concrete;

/// <summary>
/// The ids of the hashes a file names, one per distinct hash, in the order first met. A 60,000-install
/// index names about 900,000 hashes (one per install and per edge), so the common one, 32 bytes of
/// UTF-8, is found by its bytes as the file holds them, in an open-addressing table: no
/// <see cref="InstallHash"/> is made to look it up, and the 32 bytes compare as a few vector
/// operations. Any other
/// hash (another length) goes through a dictionary of <see cref="InstallHash"/>; a hash given as an
/// <see cref="InstallHash"/> is first written back as its 32 bytes, so both ways give one id.
/// </summary>
internal sealed class InstallHashIds
{
    private const int KeyLength = 32;

    private readonly Dictionary<InstallHash, int> _other = [];
    private byte[] _keys = new byte[KeyLength * 1024];
    private int[] _slots = new int[2048];
    private int _shift = 64 - 11;

    /// <summary>Every hash met so far, by id.</summary>
    public List<InstallHash> Hashes { get; } = [];

    [MethodImpl(HotPath.Options)]
    public int Id(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length != KeyLength)
        {
            return Other(InstallHash.From(utf8));
        }

        var mask = _slots.Length - 1;
        var slot = Slot(utf8);
        while (true)
        {
            var id = _slots[slot] - 1;
            if (id < 0)
            {
                return Add(utf8, slot);
            }

            if (utf8.SequenceEqual(_keys.AsSpan(id * KeyLength, KeyLength)))
            {
                return id;
            }

            slot = (slot + 1) & mask;
        }
    }

    public int Id(InstallHash hash)
    {
        Span<byte> utf8 = stackalloc byte[KeyLength];
        return hash.TryWriteUtf8(utf8) ? Id(utf8) : Other(hash);
    }

    /// <summary>
    /// The id this table gives each hash of <paramref name="other"/> (indexed by other's ids),
    /// adding those it lacks in other's order, which is the order it would have met them in:
    /// another thread's part of a file joins this one's ids (MirrorIndexReader.Split.cs). The
    /// 32-byte hashes are looked up by their bytes, not as <see cref="InstallHash"/>es.
    /// </summary>
    public int[] Ids(InstallHashIds other)
    {
        var ids = new int[other.Hashes.Count];
        for (var id = 0; id < ids.Length; id++)
        {
            ids[id] = other.IsOther(id) ? Other(other.Hashes[id]) : Id(other._keys.AsSpan(id * KeyLength, KeyLength));
        }

        return ids;
    }

    private int Other(InstallHash hash)
    {
        if (!_other.TryGetValue(hash, out var id))
        {
            _other[hash] = id = Hashes.Count;
            Hashes.Add(hash);
        }

        return id;
    }

    // All 32 bytes are mixed: hashes that share their first or last bytes (or repeat a pattern, as
    // generated test hashes do) must not pile into one run of slots, which made a load quadratic.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ReadOnlySpan<byte> utf8)
    {
        const ulong K1 = 0x9E3779B97F4A7C15UL;
        const ulong K2 = 0xC2B2AE3D27D4EB4FUL;
        var h = MemoryMarshal.Read<ulong>(utf8) * K1;
        h = (((h << 31) | (h >> 33)) ^ MemoryMarshal.Read<ulong>(utf8.Slice(8))) * K2;
        h = (((h << 31) | (h >> 33)) ^ MemoryMarshal.Read<ulong>(utf8.Slice(16))) * K1;
        h = (((h << 31) | (h >> 33)) ^ MemoryMarshal.Read<ulong>(utf8.Slice(24))) * K2;
        return (int)((h ^ (h >> 29)) >> _shift);
    }

    private int Add(ReadOnlySpan<byte> utf8, int slot)
    {
        var id = Hashes.Count;
        Hashes.Add(InstallHash.From(utf8));
        if ((id + 1) * KeyLength > _keys.Length)
        {
            Array.Resize(ref _keys, Math.Max(_keys.Length * 2, (id + 1) * KeyLength));
        }

        utf8.CopyTo(_keys.AsSpan(id * KeyLength));
        _slots[slot] = id + 1;
        if ((id + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        return id;
    }

    // Whether the hash of this id is one of another length, kept in the dictionary, with no key bytes in the table.
    private bool IsOther(int id) => _other.Count > 0 && _other.TryGetValue(Hashes[id], out var other) && other == id;

    // Kept at most half full: probes stay short.
    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        _shift--;
        var mask = _slots.Length - 1;
        for (var id = 0; id < Hashes.Count; id++)
        {
            if (IsOther(id))
            {
                continue;
            }

            var slot = Slot(_keys.AsSpan(id * KeyLength, KeyLength));
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = id + 1;
        }
    }
}
