using System.Text.Json;
using CacheTasks.Concrete;
using CacheTasks.IO;

namespace CacheTasks.Catalog;

/// <summary>
/// The skim on several cores (issue 24): later parts of a large index (<see cref="IndexSplit"/>)
/// are skimmed ahead on their own threads, each by its own parser, and the first part, reading
/// the file as the one-thread skim does, takes a part's records where it stands exactly on that
/// part's start between two installs, then jumps to where the part stopped. Anywhere else (the
/// point was not an install boundary, the part failed or found something wrong) the first part
/// reads on itself, so what it gives is always what one thread gives.
/// </summary>
public static partial class MirrorIndexReader
{
    /// <summary>
    /// A JSON reader's state inside the installs object just after an install, as the first part's
    /// is at a part's start: a part's reader starts from it, so its first token is the <c>,</c>
    /// before the next install's key. Positions in a part's JSON errors are counted from the
    /// part's start; those errors are never shown (the first part reads those bytes again).
    /// </summary>
    private static JsonReaderState AfterInstall()
    {
        var reader = new Utf8JsonReader("{\"database\":{\"installs\":{\"\":{\"\":{}}"u8, isFinalBlock: false, new JsonReaderState(Options));
        while (reader.Read())
        {
        }

        return reader.CurrentState;
    }

    private sealed partial class Parser
    {
        private readonly IndexSplit? _split;
        private Part[]? _parts;
        private int _nextPart;

        /// <summary>
        /// Whether a later part's records were taken: past its end the JSON reader's own line and
        /// byte counts start from that part's start, so an error found after it is found again by
        /// one thread (<see cref="ReadTable(string, Stream, FileStamp, CatalogInterner, List{CatalogProblem}?, IndexSplit?, bool, out int)"/>), which words and places it as always.
        /// </summary>
        public bool Merged { get; private set; }

        /// <summary>Starts a thread for each later part; the first part is this parser's own read.</summary>
        private void StartParts()
        {
            if (_split is null)
            {
                return;
            }

            var points = _split.Points;
            _parts = new Part[points.Length];
            for (var k = 0; k < points.Length; k++)
            {
                var part = _parts[k] = new Part(points[k], k + 1 < points.Length ? points[k + 1] : -1);
                part.Run = Task.Factory.StartNew(() => ReadPart(part), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
        }

        /// <summary>Stops the parts still running and waits for them: no thread or handle outlives the read.</summary>
        private void StopParts()
        {
            if (_parts is null)
            {
                return;
            }

            foreach (var part in _parts)
            {
                part.Cancelled = true;
            }

            foreach (var part in _parts)
            {
                part.Run?.Wait();
            }
        }

        /// <summary>One later part, on its own thread, with its own handle, hash ids and strings.</summary>
        private void ReadPart(Part part)
        {
            try
            {
                using var stream = _split!.Open();
                using var parser = new Parser(_path, stream, new CatalogInterner(), DefaultBufferSize, _maxValueBytes, skim: true, scan: _scan);
                if (parser.ReadFrom(part))
                {
                    // Disposing returns the buffer; the records stay.
                    part.Reader = parser;
                }
            }
            catch (Exception)
            {
                // Whatever stops a part (broken JSON, a start inside a string, I/O), the first part reads its bytes itself and meets it there, or not.
                part.Reader = null;
            }
        }

        /// <summary>
        /// Skims installs from the part's start until it stands exactly on the next part's start or
        /// the installs object closes; false when it was stopped or found an install the first part
        /// must judge itself (one the whole reader would refuse).
        /// </summary>
        private bool ReadFrom(Part part)
        {
            _stream.Position = part.Start;
            _start = part.Start;
            _lines.Restart(part.Start, 1, 1);
            Fill();
            var reader = new Utf8JsonReader(Chunk, _final, AfterInstall());
            while (Unit(ref reader, _install) == Step.More)
            {
                if (part.Cancelled)
                {
                    return false;
                }

                if (_start + reader.BytesConsumed == part.Stop)
                {
                    part.Ended(reader.CurrentState, part.Stop, Locate(reader.BytesConsumed), closed: false);
                    return _firstInvalid is null;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 2)
            {
                return false;
            }

            part.Ended(reader.CurrentState, _start + reader.BytesConsumed, Locate(reader.BytesConsumed), closed: true);
            return _firstInvalid is null;
        }

        /// <summary>
        /// Between two installs: when the reader stands on a part's start, waits for the part and
        /// takes it (and the next, where it stopped on the next's start). True when the reader
        /// jumped past the installs object's end.
        /// </summary>
        private bool JoinParts(ref Utf8JsonReader reader)
        {
            var parts = _parts!;
            while (_nextPart < parts.Length)
            {
                var part = parts[_nextPart];
                var at = _start + reader.BytesConsumed;
                if (at < part.Start)
                {
                    return false;
                }

                _nextPart++;
                if (at > part.Start)
                {
                    // Its start was not between two installs (a string held those bytes): not used.
                    part.Cancelled = true;
                    continue;
                }

                part.Run!.Wait();
                if (part.Reader is null)
                {
                    continue;
                }

                Take(part, ref reader);
                if (part.Closed)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Appends a part's records as this reader would have made them reading those bytes itself
        /// (its hash ids given this reader's ids in the order the part met them, which is the order
        /// this reader would have; its places moved from the part's start to this reader's place
        /// there), then moves the reader to where the part stopped, in the part's JSON state.
        /// </summary>
        private void Take(Part part, ref Utf8JsonReader reader)
        {
            var from = part.Reader!;
            var (line, column) = Locate(part.Start - _start);
            var ids = _nodes.Ids(from._nodes);

            var strings = new Dictionary<string, string>(StringComparer.Ordinal);
            string? Shared(string? text)
            {
                if (text is null)
                {
                    return null;
                }

                if (!strings.TryGetValue(text, out var shared))
                {
                    strings[text] = shared = _interner.String(Utf8Text.Strict.GetBytes(text));
                }

                return shared;
            }

            var edges = _targets.Count;
            foreach (var target in from._targets)
            {
                _targets.Add(target < 0 ? target : ids[target]);
            }

            for (var i = 0; i < from._ids.Count; i++)
            {
                _ids.Add(ids[from._ids[i]]);
                _names.Add(Shared(from._names[i]));
                _platforms.Add(Shared(from._platforms[i]));
                _oses.Add(Shared(from._oses[i]));
                _archTargets.Add(Shared(from._archTargets[i]));
                _inBuildCache.Add(from._inBuildCache[i]);
                _virtualsNotList.Add(from._virtualsNotList[i]);
                _offsets.Add(from._offsets[i]);
                _lengths.Add(from._lengths[i]);
                var (installLine, installColumn) = LineCounter.After(line, column, from._installLines[i], from._installColumns[i]);
                _installLines.Add(installLine);
                _installColumns.Add(installColumn);
                _edgeStarts.Add(edges + from._edgeStarts[i + 1]);
            }

            var (endLine, endColumn) = LineCounter.After(line, column, part.EndLine, part.EndColumn);
            _stream.Position = part.End;
            _start = part.End;
            _length = 0;
            _offset = 0;
            _validated = 0;
            _final = _nodes.Final = false;
            _lines.Restart(part.End, endLine, endColumn);
            Fill();
            reader = new Utf8JsonReader(Chunk, _final, part.EndState);
            Merged = true;
            _split!.Merged++;
        }

        /// <summary>A later part: from <see cref="Start"/> (just after an install) to the next part's start (-1: none).</summary>
        private sealed class Part(long start, long stop)
        {
            public long Start => start;

            public long Stop => stop;

            public Task? Run { get; set; }

            /// <summary>Set by the first part when the part's work will not be used.</summary>
            public volatile bool Cancelled;

            /// <summary>The part's parser once it read cleanly (read by the first part after <see cref="Run"/> ends).</summary>
            public Parser? Reader { get; set; }

            /// <summary>Where the part stopped: the next part's start, or just after the installs object.</summary>
            public long End { get; private set; }

            public JsonReaderState EndState { get; private set; }

            /// <summary>The place of <see cref="End"/> counted from the part's start (line 1, column 1).</summary>
            public int EndLine { get; private set; }

            public int EndColumn { get; private set; }

            /// <summary>The part read to the installs object's end (not to the next part's start).</summary>
            public bool Closed { get; private set; }

            public void Ended(JsonReaderState state, long end, (int Line, int Column) place, bool closed)
            {
                EndState = state;
                End = end;
                (EndLine, EndColumn) = place;
                Closed = closed;
            }
        }
    }
}
