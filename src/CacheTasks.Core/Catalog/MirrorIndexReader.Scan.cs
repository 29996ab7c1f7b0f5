using System.Runtime.CompilerServices;
using System.Text.Json;
using CacheTasks.Concrete;

namespace CacheTasks.Catalog;

/// <summary>
/// The skim's fast path: an install as Spack writes it (compact JSON, no escapes, the dependency
/// list of spec files v2 and later) scanned as bytes by <see cref="JsonLineScanner"/>, keeping what
/// the JSON reader's skim keeps, in the same order. Anything it is not sure of (another layout, an
/// escape, whitespace other than spaces, a value the whole reader might refuse, the end of the
/// buffer) leaves the install to the JSON reader, from its start.
/// </summary>
/// <remarks>
/// Why: on a 60,000-install index half of a cold skim's CPU went to the JSON reader — its search
/// for the end of each string, a vectorised search that costs more to set up than a string of a
/// few bytes takes to scan, and its token state machine — where a plain loop over the bytes of
/// one install does (bench/README.md, "An index tokenised by the skim itself").
/// </remarks>
public static partial class MirrorIndexReader
{
    // A JSON reader's depth inside an install's spec; the scanner's own limit (32 below this) keeps values within the reader's 64.
    private const int SpecDepth = 5;

    // The bytes an install is scanned from without a refill first: far more than one install as Spack writes it (2-3 KB).
    private const int ScanAhead = 64 << 10;

    private sealed partial class Parser
    {
        // In the nested type, so that it is made after the index reader's options.
        private static readonly JsonReaderState AfterInstallState = AfterInstall();

        /// <summary>Whether installs may be scanned (<see cref="ScanInstall"/>); off to find an error's place as the JSON reader gives it.</summary>
        private readonly bool _scan;

        /// <summary>
        /// How many installs were scanned. After one, the JSON reader starts again after it, and its
        /// own line and byte counts (those of a JSON syntax error) no longer count from the file's start.
        /// </summary>
        public int Scanned { get; private set; }

        /// <summary>
        /// Scans the install after the reader's place (the reader just past the installs' <c>{</c>
        /// or an install's <c>}</c>) and records it; then the reader stands after it. False, with
        /// the reader and the records as they were: the JSON reader reads it.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private bool ScanInstall(ref Utf8JsonReader reader)
        {
            var from = (int)reader.BytesConsumed;
            if (!_final && _validated - _offset - from < ScanAhead && _offset + from > 0)
            {
                // Near the buffer's end an install may be cut: read on first, rather than leave it to the JSON reader (which would only ask for the refill).
                Refill(ref reader);
                from = 0;
            }

            var scanner = new JsonLineScanner(_buffer.AsSpan(_offset, _validated - _offset)) { Position = from };
            if (reader.TokenType == JsonTokenType.EndObject ? !scanner.Take((byte)',') : reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            scanner.SkipSpaces();
            var at = scanner.Position;
            if (!scanner.String(out var key) || key.Length != _keyScratch.Length || !scanner.Take((byte)':') || !scanner.Take((byte)'{'))
            {
                return false;
            }

            var edges = _targets.Count;
            var install = Scratch();
            if (!ScanInstallFields(ref scanner, install))
            {
                _targets.RemoveRange(edges, _targets.Count - edges);
                return false;
            }

            var (line, column) = Locate(at);
            var end = scanner.Position;
            Record(install, install.Id >= 0 ? install.Id : _nodes.Id(key), at, end, line, column);

            // The reader starts again after the install; the line counter must not fall behind the buffer's new start.
            _lines.MoveTo(Chunk, _start, _start + end);
            _offset += end;
            _start += end;
            reader = new Utf8JsonReader(Chunk, _final, AfterInstallState);
            Scanned++;
            return true;
        }

        /// <summary>
        /// Where the installs' <c>}</c> comes next: the JSON reader reads it (as the JSON reader's skim
        /// would, which is then not compiled only for that); false, the reader unmoved, otherwise.
        /// </summary>
        private bool InstallsEnd(ref Utf8JsonReader reader)
        {
            var scanner = new JsonLineScanner(Chunk) { Position = (int)reader.BytesConsumed };
            if (!scanner.Peek((byte)'}'))
            {
                return false;
            }

            Next(ref reader);
            return true;
        }

        [MethodImpl(HotPath.Options)]
        private bool ScanInstallFields(ref JsonLineScanner scanner, NodeDict install)
        {
            if (scanner.Take((byte)'}'))
            {
                return true;
            }

            var sawSpec = false;
            do
            {
                if (!scanner.String(out var field) || !scanner.Take((byte)':'))
                {
                    return false;
                }

                if (field.SequenceEqual("spec"u8))
                {
                    // A second spec would add its edges to the first's: the JSON reader's skim decides.
                    if (sawSpec || !scanner.Take((byte)'{') || !ScanNode(ref scanner, install))
                    {
                        return false;
                    }

                    sawSpec = true;
                }
                else if (field.SequenceEqual("in_buildcache"u8))
                {
                    // Anything but the literal false (the only value that starts so) counts as true.
                    scanner.SkipSpaces();
                    install.InBuildCache = !scanner.Peek((byte)'f');
                    if (!scanner.SkipValue(SpecDepth - 1))
                    {
                        return false;
                    }

                }
                else if (!scanner.SkipValue(SpecDepth - 1))
                {
                    return false;
                }
            }
            while (scanner.Take((byte)','));
            return scanner.Take((byte)'}');
        }

        /// <summary>An install's spec, from after its <c>{</c>, as <see cref="NodeDictReader.Skim"/> keeps it.</summary>
        [MethodImpl(HotPath.Options)]
        private bool ScanNode(ref JsonLineScanner scanner, NodeDict node)
        {
            if (scanner.Take((byte)'}'))
            {
                return true;
            }

            do
            {
                if (!scanner.String(out var field) || !scanner.Take((byte)':'))
                {
                    return false;
                }

                switch (field.Length)
                {
                    case 4 when field.SequenceEqual("name"u8):
                        if (!ScanScalar(ref scanner, out node.Name))
                        {
                            return false;
                        }

                        break;
                    case 7 when field.SequenceEqual("version"u8):
                        if (!ScanScalar(ref scanner, out node.Version))
                        {
                            return false;
                        }

                        break;
                    case 4 or 5 when field.SequenceEqual("hash"u8) || field.SequenceEqual("_hash"u8):
                        if (!ScanHash(ref scanner, out node.Id))
                        {
                            return false;
                        }

                        break;
                    case 4 when field.SequenceEqual("arch"u8):
                        if (!scanner.Take((byte)'{') || !ScanArch(ref scanner, node))
                        {
                            return false;
                        }

                        break;
                    case 8 when field.SequenceEqual("compiler"u8):
                        if (!ScanCompiler(ref scanner))
                        {
                            return false;
                        }

                        break;
                    case 10 when field.SequenceEqual("parameters"u8):
                        if (!scanner.Take((byte)'{') || !ScanParameters(ref scanner))
                        {
                            return false;
                        }

                        break;
                    case 12 when field.SequenceEqual("dependencies"u8):
                        if (!ScanDependencies(ref scanner))
                        {
                            return false;
                        }

                        break;
                    case 11 when field.SequenceEqual("annotations"u8):
                        if (!scanner.Take((byte)'{') || !ScanFields(ref scanner, "compiler"u8))
                        {
                            return false;
                        }

                        break;
                    case 8 when field.SequenceEqual("external"u8):
                        // Set unless null or false (literals, the only values that start so).
                        scanner.SkipSpaces();
                        node.External = !(scanner.Peek((byte)'n') || scanner.Peek((byte)'f'));
                        if (!scanner.SkipValue(SpecDepth))
                        {
                            return false;
                        }

                        break;
                    default:
                        if (!scanner.SkipValue(SpecDepth))
                        {
                            return false;
                        }

                        break;
                }
            }
            while (scanner.Take((byte)','));
            return scanner.Take((byte)'}');
        }

        [MethodImpl(HotPath.Options)]
        private bool ScanArch(ref JsonLineScanner scanner, NodeDict node)
        {
            if (scanner.Take((byte)'}'))
            {
                return true;
            }

            do
            {
                if (!scanner.String(out var field) || !scanner.Take((byte)':'))
                {
                    return false;
                }

                bool read;
                if (field.SequenceEqual("platform"u8))
                {
                    read = ScanScalar(ref scanner, out node.Platform);
                }
                else if (field.SequenceEqual("platform_os"u8))
                {
                    read = ScanScalar(ref scanner, out node.Os);
                }
                else if (!field.SequenceEqual("target"u8))
                {
                    read = scanner.SkipValue(SpecDepth + 1);
                }
                else if (!scanner.Take((byte)'{'))
                {
                    read = ScanScalar(ref scanner, out node.Target);
                }
                else
                {
                    // Spack writes a plain name for generic targets and a mapping (name, vendor, features...) for the others.
                    read = ScanTarget(ref scanner, node);
                }

                if (!read)
                {
                    return false;
                }
            }
            while (scanner.Take((byte)','));
            return scanner.Take((byte)'}');
        }

        [MethodImpl(HotPath.Options)]
        private bool ScanTarget(ref JsonLineScanner scanner, NodeDict node)
        {
            if (scanner.Take((byte)'}'))
            {
                return true;
            }

            do
            {
                if (!scanner.String(out var field) || !scanner.Take((byte)':'))
                {
                    return false;
                }

                if (field.SequenceEqual("name"u8) ? !ScanScalar(ref scanner, out node.Target) : !scanner.SkipValue(SpecDepth + 2))
                {
                    return false;
                }
            }
            while (scanner.Take((byte)','));
            return scanner.Take((byte)'}');
        }

        /// <summary>
        /// The compiler of databases v6 and v7: a mapping whose <c>name</c> and <c>version</c> must be
        /// scalars, or any other value (skipped).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static bool ScanCompiler(ref JsonLineScanner scanner)
        {
            if (!scanner.Take((byte)'{'))
            {
                return scanner.SkipValue(SpecDepth);
            }

            if (scanner.Take((byte)'}'))
            {
                return true;
            }

            do
            {
                if (!scanner.String(out var field) || !scanner.Take((byte)':'))
                {
                    return false;
                }

                if (field.SequenceEqual("name"u8) || field.SequenceEqual("version"u8) ? !ScanKept(ref scanner) : !scanner.SkipValue(SpecDepth + 1))
                {
                    return false;
                }
            }
            while (scanner.Take((byte)','));
            return scanner.Take((byte)'}');
        }

        /// <summary>A mapping (after its <c>{</c>) whose <paramref name="kept"/> field must be a string or a number; the rest skipped.</summary>
        [MethodImpl(HotPath.Options)]
        private static bool ScanFields(ref JsonLineScanner scanner, ReadOnlySpan<byte> kept)
        {
            if (scanner.Take((byte)'}'))
            {
                return true;
            }

            do
            {
                if (!scanner.String(out var field) || !scanner.Take((byte)':'))
                {
                    return false;
                }

                if (field.SequenceEqual(kept) ? !ScanKept(ref scanner) : !scanner.SkipValue(SpecDepth + 1))
                {
                    return false;
                }
            }
            while (scanner.Take((byte)','));
            return scanner.Take((byte)'}');
        }

        /// <summary>Variants: each a string, number, boolean, a list of strings and numbers, or a mapping (skipped); anything else the whole reader decides.</summary>
        [MethodImpl(HotPath.Options)]
        private static bool ScanParameters(ref JsonLineScanner scanner)
        {
            if (scanner.Take((byte)'}'))
            {
                return true;
            }

            do
            {
                if (!scanner.String(out _) || !scanner.Take((byte)':'))
                {
                    return false;
                }

                scanner.SkipSpaces();
                bool read;
                if (scanner.Peek((byte)'{'))
                {
                    read = scanner.SkipValue(SpecDepth + 1);
                }
                else if (scanner.Take((byte)'['))
                {
                    read = ScanKeptList(ref scanner);
                }
                else
                {
                    read = !scanner.Peek((byte)'n') && scanner.Scalar(out _);
                }

                if (!read)
                {
                    return false;
                }
            }
            while (scanner.Take((byte)','));
            return scanner.Take((byte)'}');
        }

        /// <summary>
        /// The dependency list of spec files v2 and later (<c>[{name, hash, parameters: {deptypes,
        /// virtuals}}]</c> or <c>[{name, hash, type}]</c>); the older mapping is left to the JSON reader.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private bool ScanDependencies(ref JsonLineScanner scanner)
        {
            scanner.SkipSpaces();
            if (scanner.Peek((byte)'{'))
            {
                return false;
            }

            if (!scanner.Take((byte)'['))
            {
                return scanner.SkipValue(SpecDepth);
            }

            if (scanner.Take((byte)']'))
            {
                return true;
            }

            do
            {
                if (!(scanner.Take((byte)'{') ? ScanEdge(ref scanner) : scanner.SkipValue(SpecDepth + 1)))
                {
                    return false;
                }
            }
            while (scanner.Take((byte)','));
            return scanner.Take((byte)']');
        }

        /// <summary>
        /// One edge (after its <c>{</c>): its target is the hash under the first of Spack's keys
        /// present (hash, dag_hash, build_hash, full_hash, in that order of preference), met in the
        /// order the JSON reader's skim meets them; an edge without a name is not kept.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private bool ScanEdge(ref JsonLineScanner scanner)
        {
            var named = false;
            var target = -1;
            var hashRank = int.MaxValue;
            if (!scanner.Take((byte)'}'))
            {
                do
                {
                    if (!scanner.String(out var field) || !scanner.Take((byte)':'))
                    {
                        return false;
                    }

                    var rank = NodeDictReader.HashRank(field);
                    bool read;
                    if (field.SequenceEqual("name"u8))
                    {
                        read = ScanKept(ref scanner);
                        named = true;
                    }
                    else if (rank < hashRank)
                    {
                        read = ScanHash(ref scanner, out target);
                        hashRank = rank;
                    }
                    else if (field.SequenceEqual("parameters"u8) && scanner.Take((byte)'{'))
                    {
                        read = ScanEdgeParameters(ref scanner);
                    }
                    else
                    {
                        read = scanner.SkipValue(SpecDepth + 2);
                    }

                    if (!read)
                    {
                        return false;
                    }
                }
                while (scanner.Take((byte)','));
                if (!scanner.Take((byte)'}'))
                {
                    return false;
                }
            }

            if (named)
            {
                _targets.Add(target);
            }

            return true;
        }

        /// <summary>An edge's parameters (after the <c>{</c>): <c>virtuals</c> that are not a list are a problem the JSON reader's skim words.</summary>
        [MethodImpl(HotPath.Options)]
        private static bool ScanEdgeParameters(ref JsonLineScanner scanner)
        {
            if (scanner.Take((byte)'}'))
            {
                return true;
            }

            do
            {
                if (!scanner.String(out var field) || !scanner.Take((byte)':'))
                {
                    return false;
                }

                if (field.SequenceEqual("virtuals"u8) ? !scanner.Take((byte)'[') || !ScanKeptList(ref scanner) : !scanner.SkipValue(SpecDepth + 3))
                {
                    return false;
                }
            }
            while (scanner.Take((byte)','));
            return scanner.Take((byte)'}');
        }

        /// <summary>A list's items (after its <c>[</c>), each a string or a number.</summary>
        [MethodImpl(HotPath.Options)]
        private static bool ScanKeptList(ref JsonLineScanner scanner)
        {
            if (scanner.Take((byte)']'))
            {
                return true;
            }

            do
            {
                if (!ScanKept(ref scanner))
                {
                    return false;
                }
            }
            while (scanner.Take((byte)','));
            return scanner.Take((byte)']');
        }

        /// <summary>A string or a number, not kept.</summary>
        [MethodImpl(HotPath.Options)]
        private static bool ScanKept(ref JsonLineScanner scanner) => StringOrNumber(ref scanner, out _);

        /// <summary>A string or a number, interned as the JSON reader's skim interns it.</summary>
        [MethodImpl(HotPath.Options)]
        private bool ScanScalar(ref JsonLineScanner scanner, out string? value)
        {
            value = null;
            if (!StringOrNumber(ref scanner, out var content))
            {
                return false;
            }

            value = _interner.String(content);
            return true;
        }

        /// <summary>A string or a number (the text between a string's quotes, a number as written); not a literal.</summary>
        [MethodImpl(HotPath.Options)]
        private static bool StringOrNumber(ref JsonLineScanner scanner, out ReadOnlySpan<byte> content)
        {
            content = default;
            scanner.SkipSpaces();
            return !(scanner.Peek((byte)'t') || scanner.Peek((byte)'f') || scanner.Peek((byte)'n')) && scanner.Scalar(out content);
        }

        /// <summary>A hash given as a string: its id (a number or anything else is left to the JSON reader).</summary>
        [MethodImpl(HotPath.Options)]
        private bool ScanHash(ref JsonLineScanner scanner, out int id)
        {
            id = -1;
            if (!scanner.String(out var hash))
            {
                return false;
            }

            id = _nodes.Id(hash);
            return true;
        }
    }
}
