using System.Runtime.CompilerServices;
using System.Text.Json;
using CacheTasks.Concrete;
using CacheTasks.IO;

namespace CacheTasks.Catalog;

/// <summary>
/// The skim: one forward pass that checks the whole index as the whole reader does and keeps, per
/// install, only what finds it again (<see cref="IndexSkim"/>); no node dict is built.
/// </summary>
public static partial class MirrorIndexReader
{
    private sealed partial class Parser
    {
        private readonly NodeDict _scratch = new();
        private readonly byte[] _keyScratch = new byte[32];
        private readonly List<int> _ids = [];
        private readonly List<string?> _names = [];
        private readonly List<string?> _platforms = [];
        private readonly List<string?> _oses = [];
        private readonly List<string?> _archTargets = [];
        private readonly List<bool> _inBuildCache = [];
        private readonly List<bool> _virtualsNotList = [];
        private readonly List<long> _offsets = [];
        private readonly List<int> _lengths = [];
        private readonly List<int> _installLines = [];
        private readonly List<int> _installColumns = [];
        private readonly List<int> _edgeStarts = [0];
        private readonly List<int> _targets = [];
        private CatalogFormatException? _firstInvalid;

        [MethodImpl(HotPath.Options)]
        private Step SkimStep(ref Utf8JsonReader reader)
        {
            // A unit read again after a refill starts over: drop the edges its first try kept.
            var committed = _edgeStarts[_edgeStarts.Count - 1];
            _targets.RemoveRange(committed, _targets.Count - committed);
            if (_scan && ScanInstall(ref reader))
            {
                return Step.More;
            }

            if (_scan && InstallsEnd(ref reader))
            {
                return Step.End;
            }

            var start = reader;
            try
            {
                return Skim(ref reader);
            }
            catch (Exception e) when (e is NodeDictReader.SkimRefused or NodeDictException)
            {
                // Something the skim may not judge alone: the whole read of this install decides, and words its error.
                _targets.RemoveRange(committed, _targets.Count - committed);
                reader = start;
                var peek = reader;
                Next(ref peek);
                var at = peek.TokenStartIndex;
                var (line, column) = Locate(at);
                var install = ReadInstall(ref reader, _nodes, line, column)!;
                foreach (var edge in install.Edges)
                {
                    _targets.Add(edge.Target);
                }

                Record(install, _nodes.Id(InstallHash.From(install.Hash ?? install.Key)), at, reader.BytesConsumed, line, column);
                return Step.More;
            }
        }

        private Step Skim(ref Utf8JsonReader reader)
        {
            if (!Next(ref reader) || reader.TokenType != JsonTokenType.PropertyName)
            {
                return Step.End;
            }

            var at = reader.TokenStartIndex;
            // The key's id is only taken when the spec states no hash of its own; kept as bytes until then.
            var rawKey = !reader.ValueIsEscaped && reader.ValueSpan.Length == _keyScratch.Length;
            var key = rawKey ? default : InstallHash.From(reader.GetString()!);
            if (rawKey)
            {
                reader.ValueSpan.CopyTo(_keyScratch);
            }

            Next(ref reader);
            ExpectMapping(ref reader, "installs[]");
            var (line, column) = Locate(at);
            var install = Scratch();
            while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("spec"u8))
                {
                    Next(ref reader);
                    ExpectMapping(ref reader, "spec");
                    _nodes.Skim(ref reader, install, _targets);
                }
                else if (reader.ValueTextEquals("in_buildcache"u8))
                {
                    Next(ref reader);
                    install.InBuildCache = reader.TokenType != JsonTokenType.False;
                    Skip(ref reader);
                }
                else
                {
                    Next(ref reader);
                    Skip(ref reader);
                }
            }

            Record(install, install.Id >= 0 ? install.Id : rawKey ? _nodes.Id(_keyScratch) : _nodes.Id(key), at, reader.BytesConsumed, line, column);
            return Step.More;
        }

        /// <summary>The node the skim of an install fills (one for the whole read), cleared.</summary>
        private NodeDict Scratch()
        {
            var install = _scratch;
            install.Name = install.Version = install.Platform = install.Os = install.Target = null;
            install.Id = -1;
            install.External = false;
            install.InBuildCache = true;
            install.VirtualsNotList = null;
            return install;
        }

        /// <summary>One install skimmed (its edges' targets already added): from <paramref name="at"/> to <paramref name="end"/> of the chunk.</summary>
        private void Record(NodeDict install, int id, long at, long end, int line, int column)
        {
            _ids.Add(id);
            _names.Add(install.Name);
            _platforms.Add(install.Platform);
            _oses.Add(install.Os);
            _archTargets.Add(install.Target);
            _inBuildCache.Add(install.InBuildCache);
            _virtualsNotList.Add(install.VirtualsNotList is not null);
            _offsets.Add(_start + at);
            _lengths.Add((int)(end - at));
            _installLines.Add(line);
            _installColumns.Add(column);
            _edgeStarts.Add(_targets.Count);
            if (install.InBuildCache && _firstInvalid is null)
            {
                // Checked once the whole file is read (as the whole reader does), so broken JSON after it is reported first.
                _firstInvalid = Invalid(install, line, column);
            }
        }

        /// <summary>What the whole reader's check of an install in the build cache finds wrong with it, or null.</summary>
        private CatalogFormatException? Invalid(NodeDict install, int line, int column)
        {
            var missing = install.Name is null ? "spec.name"
                : install.Version is null ? "spec.version"
                : install.Platform is null ? "spec.arch.platform"
                : install.Os is null ? "spec.arch.platform_os"
                : install.Target is null ? "spec.arch.target"
                : null;
            if (missing is not null)
            {
                return new CatalogFormatException(string.Format(Messages.IndexErrorMissingField, missing), line, column);
            }

            return _interner.Version(install.Version!) is null
                ? new CatalogFormatException(string.Format(Messages.PageErrorVersion, install.Version), line, column)
                : null;
        }

        /// <summary>
        /// The skim as a table (<see cref="IndexTable"/>), its edges resolved and checked as the whole
        /// reader's are, with the same problems (the installs they are about are decoded from the file
        /// for their messages); <paramref name="stamp"/> is the file's as the skim began.
        /// </summary>
        public IndexTable SkimTable(FileStamp stamp)
        {
            if (_firstInvalid is not null)
            {
                throw _firstInvalid;
            }

            var edgeStarts = _edgeStarts.ToArray();
            var targets = _targets.ToArray();
            var dropped = new List<(int Node, int Edge, bool Cycle, int Hash)>();
            var nodeOf = ConcreteGraphBuilder.Resolve(_ids.ToArray(), _nodes.Hashes.Count, edgeStarts, targets, (node, edge, cycle) => dropped.Add((node, edge, cycle, targets[edgeStarts[node] + edge])), done: null);
            for (var e = 0; e < targets.Length; e++)
            {
                targets[e] = targets[e] < 0 ? -1 : nodeOf[targets[e]];
            }

            var skim = new IndexSkim(_names.ToArray(), _platforms.ToArray(), _oses.ToArray(), _archTargets.ToArray(), _inBuildCache.ToArray(), _offsets.ToArray(), _lengths.ToArray(), _installLines.ToArray(), _installColumns.ToArray(), edgeStarts, targets);
            var table = new IndexTable(_path, MirrorName(_path), skim, stamp);
            var droppedOf = dropped.Count == 0 ? null : dropped.ToLookup(d => d.Node);
            for (var i = 0; i < skim.Count; i++)
            {
                if (!_virtualsNotList[i] && (droppedOf is null || !droppedOf.Contains(i)))
                {
                    continue;
                }

                var install = table.Node(i);
                foreach (var name in install.VirtualsNotList ?? [])
                {
                    Problem(install, string.Format(Messages.IndexVirtualsNotList, install.Label, name));
                }

                foreach (var edge in droppedOf?[i] ?? [])
                {
                    var hash = edge.Hash < 0 ? string.Empty : _nodes.Hashes[edge.Hash].ToString();
                    Problem(install, string.Format(edge.Cycle ? Messages.IndexDependencyCycle : Messages.IndexDependencyMissing, install.Label, install.Edges[edge.Edge].Name, hash));
                }
            }

            return table;
        }
    }
}
