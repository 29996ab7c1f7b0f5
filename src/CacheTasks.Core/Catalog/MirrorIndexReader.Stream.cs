using System.Runtime.CompilerServices;
using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CacheTasks.Concrete;
using CacheTasks.IO;

namespace CacheTasks.Catalog;

/// <summary>The streaming half of the index reader: one buffer, refilled as the JSON reader moves through it.</summary>
public static partial class MirrorIndexReader
{
    private enum Step
    {
        End,
        More,
        Database,
        Installs,
    }

    private delegate Step StepReader(ref Utf8JsonReader reader);

    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>
    /// Reads the index in units (an install, a top-level field) that must each lie whole in the
    /// buffer: a unit that runs past the buffer's end is read again from its start after a refill
    /// (the JSON reader is a struct, so a copy of it is the checkpoint).
    /// </summary>
    private sealed partial class Parser : IDisposable
    {
        private readonly string _path;
        private readonly Stream _stream;
        private readonly CatalogInterner _interner;
        private readonly NodeDictReader _nodes;
        private readonly LineCounter _lines = new();
        private readonly StepReader _rootStart;
        private readonly StepReader _topProperty;
        private readonly StepReader _databaseProperty;
        private readonly StepReader _install;
        private readonly int _maxValueBytes;
        private byte[] _buffer;
        private int _length;

        // Where the chunk the JSON reader reads starts in the buffer: past the installs scanned since the last refill.
        private int _offset;

        // The file offset of the chunk's first byte.
        private long _start;
        private int _validated;
        private bool _final;

        public Parser(string path, Stream stream, CatalogInterner interner, int bufferSize, int maxValueBytes, bool skim = false, IndexSplit? split = null, bool scan = false)
        {
            _scan = scan;
            _split = split;
            _maxValueBytes = maxValueBytes;
            _path = path;
            _stream = stream;
            _interner = interner;
            _nodes = new NodeDictReader(interner);
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, 16));
            _rootStart = RootStart;
            _topProperty = TopProperty;
            _databaseProperty = DatabaseProperty;
            _install = skim ? SkimStep : InstallStep;
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        private ReadOnlySpan<byte> Chunk => _buffer.AsSpan(_offset, _length - _offset);

        /// <summary>Reads the whole file; then <see cref="Resolve"/> or <see cref="SkimTable"/> gives what it holds.</summary>
        public void Read()
        {
            StartParts();
            try
            {
                ReadWhole();
            }
            finally
            {
                StopParts();
            }
        }

        private void ReadWhole()
        {
            Fill();
            var reader = new Utf8JsonReader(Chunk, _final, new JsonReaderState(Options));
            Unit(ref reader, _rootStart);
            var sawDatabase = false;
            Step step;
            while ((step = Unit(ref reader, _topProperty)) != Step.End)
            {
                if (step != Step.Database)
                {
                    continue;
                }

                sawDatabase = true;
                while ((step = Unit(ref reader, _databaseProperty)) != Step.End)
                {
                    if (step == Step.Installs)
                    {
                        while (Unit(ref reader, _install) == Step.More)
                        {
                            // Between two installs: where a later part starts, its installs are taken whole.
                            if (_parts is not null && JoinParts(ref reader))
                            {
                                break;
                            }
                        }
                    }
                }
            }

            if (!sawDatabase || _version is null)
            {
                throw new CatalogFormatException(string.Format(Messages.IndexErrorMissingField, sawDatabase ? "database.version" : "database"), 1, 1);
            }

            if (Array.IndexOf(SupportedVersions, _version) < 0)
            {
                throw new CatalogFormatException(string.Format(Messages.IndexErrorVersion, _version, string.Join(", ", SupportedVersions)), _versionLine, _versionColumn);
            }
        }

        [MethodImpl(HotPath.Options)]
        private Step Unit(ref Utf8JsonReader reader, StepReader step)
        {
            while (true)
            {
                var checkpoint = reader;
                try
                {
                    return step(ref reader);
                }
                catch (NodeDictReader.NeedMoreData)
                {
                    reader = checkpoint;
                    Refill(ref reader);
                }
                catch (NodeDictException e)
                {
                    throw Error(e.Offset, e.Message);
                }
            }
        }

        private Step RootStart(ref Utf8JsonReader reader)
        {
            if (!Next(ref reader) || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error(reader.TokenStartIndex, string.Format(Messages.PageErrorFieldType, "the index", "a JSON object"));
            }

            return Step.More;
        }

        private Step TopProperty(ref Utf8JsonReader reader)
        {
            if (!Next(ref reader) || reader.TokenType != JsonTokenType.PropertyName)
            {
                return Step.End;
            }

            var isDatabase = reader.ValueTextEquals("database"u8);
            Next(ref reader);
            if (isDatabase)
            {
                ExpectMapping(ref reader, "database");
                return Step.Database;
            }

            Skip(ref reader);
            return Step.More;
        }

        private Step DatabaseProperty(ref Utf8JsonReader reader)
        {
            if (!Next(ref reader) || reader.TokenType != JsonTokenType.PropertyName)
            {
                return Step.End;
            }

            if (reader.ValueTextEquals("version"u8))
            {
                Next(ref reader);
                var version = Scalar(ref reader, "database.version");
                (_versionLine, _versionColumn) = Locate(reader.TokenStartIndex);
                _version = version;
                return Step.More;
            }

            if (reader.ValueTextEquals("installs"u8))
            {
                Next(ref reader);
                ExpectMapping(ref reader, "installs");
                return Step.Installs;
            }

            Next(ref reader);
            Skip(ref reader);
            return Step.More;
        }

        /// <summary>The next token; at the end of the buffer (not the file) the unit starts again after a refill.</summary>
        private bool Next(ref Utf8JsonReader reader) => _nodes.Next(ref reader);

        private static void Skip(ref Utf8JsonReader reader) => NodeDictReader.Skip(ref reader);

        private string Scalar(ref Utf8JsonReader reader, string key) => _nodes.Scalar(ref reader, key);

        private static void ExpectMapping(ref Utf8JsonReader reader, string key) => NodeDictReader.ExpectMapping(ref reader, key);

        /// <summary>Reads until the buffer is full or the file ends, and checks the new bytes are UTF-8.</summary>
        private void Fill()
        {
            while (_length < _buffer.Length)
            {
                var read = _stream.Read(_buffer, _length, _buffer.Length - _length);
                if (read == 0)
                {
                    _final = _nodes.Final = true;
                    break;
                }

                _length += read;
            }

            Validate();
        }

        /// <summary>Drops what the reader has consumed, keeps the rest, reads on; grows the buffer when one value fills it.</summary>
        private void Refill(ref Utf8JsonReader reader)
        {
            var consumed = (int)reader.BytesConsumed;
            var state = reader.CurrentState;
            _lines.MoveTo(Chunk, _start, _start + consumed);
            var dropped = _offset + consumed;
            var kept = _length - dropped;
            if (dropped == 0 && _length == _buffer.Length)
            {
                if (_buffer.Length >= _maxValueBytes)
                {
                    var (line, column) = Locate(0);
                    throw new CatalogFormatException(string.Format(CultureInfo.InvariantCulture, Messages.IndexErrorValueTooLarge, _maxValueBytes), line, column);
                }

                var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, _maxValueBytes));
                Buffer.BlockCopy(_buffer, 0, larger, 0, _length);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
            else
            {
                Buffer.BlockCopy(_buffer, dropped, _buffer, 0, kept);
                _start += consumed;
                _validated -= dropped;
                _length = kept;
                _offset = 0;
            }

            Fill();
            reader = new Utf8JsonReader(Chunk, _final, state);
        }

        /// <summary>
        /// Checks the bytes read since the last check; a character cut by the end of the buffer waits
        /// for the rest of it. The JSON reader checks UTF-8 only in strings it decodes, and then
        /// throws InvalidOperationException.
        /// </summary>
        private void Validate()
        {
            var end = _length;
            if (!_final && _length > _validated)
            {
                var lead = _length - 1;
                while (lead > _validated && lead > _length - 4 && (_buffer[lead] & 0xC0) == 0x80)
                {
                    lead--;
                }

                var b = _buffer[lead];
                var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                if (lead >= _validated && _length - lead < needed)
                {
                    end = lead;
                }
            }

            var invalid = Utf8Text.FirstInvalidByte(_buffer.AsSpan(_validated, end - _validated));
            if (invalid >= 0)
            {
                var at = _validated + invalid;
                var (line, column) = Locate(at - _offset);
                throw new CatalogFormatException(string.Format(Messages.PageErrorInvalidUtf8, _buffer[at]), line, column);
            }

            _validated = end;
        }

        /// <summary>The line and column of an offset in the buffer, at or after every offset located before.</summary>
        private (int Line, int Column) Locate(long offsetInChunk)
        {
            _lines.MoveTo(Chunk, _start, _start + offsetInChunk);
            return (_lines.Line, _lines.Column);
        }

        private CatalogFormatException Error(long offsetInChunk, string message)
        {
            var (line, column) = Locate(offsetInChunk);
            return new CatalogFormatException(message, line, column);
        }
    }
}
