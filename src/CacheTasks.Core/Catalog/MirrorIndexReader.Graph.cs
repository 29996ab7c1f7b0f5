using CacheTasks.Concrete;
using CacheTasks.Diagnostics;

namespace CacheTasks.Catalog;

/// <summary>The graph half of the index reader: dependency hashes resolved to nodes once the whole index is read.</summary>
public static partial class MirrorIndexReader
{
    private sealed partial class Parser
    {
        public List<CatalogProblem> Problems { get; } = [];

        /// <summary>
        /// The installs in the build cache, each with its graph (<see cref="ConcreteGraphBuilder"/>).
        /// An edge the builder leaves out, or virtuals that are not a list, is a problem at the install.
        /// </summary>
        public IReadOnlyList<CatalogSpec> Resolve()
        {
            ValidateInstalls();
            var dropped = new List<DroppedEdge>();
            var built = ConcreteGraphBuilder.Build(_installs, _nodes, _path, MirrorName(_path), dropped);
            ReportGraphProblems(dropped);
            var specs = new List<CatalogSpec>(_installs.Count);
            for (var i = 0; i < _installs.Count; i++)
            {
                if (_installs[i].InBuildCache)
                {
                    specs.Add(built[i]);
                }
            }

            return specs;
        }

        // Installs in the build cache must be whole; checked in file order so the first bad one is named.
        private void ValidateInstalls()
        {
            foreach (var install in _installs)
            {
                if (install.InBuildCache)
                {
                    Validate(install);
                }
            }
        }

        private void ReportGraphProblems(List<DroppedEdge> dropped)
        {
            var droppedOf = dropped.Count == 0 ? null : dropped.ToLookup(d => d.Node);
            for (var i = 0; i < _installs.Count; i++)
            {
                var install = _installs[i];
                foreach (var name in install.VirtualsNotList ?? [])
                {
                    Problem(install, string.Format(Messages.IndexVirtualsNotList, install.Label, name));
                }

                foreach (var edge in droppedOf?[i] ?? [])
                {
                    var hash = edge.Edge.Target < 0 ? string.Empty : _nodes.Hashes[edge.Edge.Target].ToString();
                    Problem(install, string.Format(edge.Cycle ? Messages.IndexDependencyCycle : Messages.IndexDependencyMissing, install.Label, edge.Edge.Name, hash));
                }
            }
        }

        private void Problem(NodeDict install, string message) => Problems.Add(new CatalogProblem(message, install.Line, install.Column));

        private void Validate(NodeDict install)
        {
            _ = install.Name ?? throw Missing(install, "spec.name");
            var version = install.Version ?? throw Missing(install, "spec.version");
            _ = install.Platform ?? throw Missing(install, "spec.arch.platform");
            _ = install.Os ?? throw Missing(install, "spec.arch.platform_os");
            _ = install.Target ?? throw Missing(install, "spec.arch.target");
            if (_interner.Version(version) is null)
            {
                throw new CatalogFormatException(string.Format(Messages.PageErrorVersion, version), install.Line, install.Column);
            }
        }

        private static CatalogFormatException Missing(NodeDict install, string field) =>
            new(string.Format(Messages.IndexErrorMissingField, field), install.Line, install.Column);
    }
}
