using System.Runtime.CompilerServices;
using CacheTasks.Diagnostics;
using CacheTasks.Specs;

namespace CacheTasks.Catalog;

/// <summary>The graph half of the index reader: dependency hashes resolved to nodes once the whole index is read.</summary>
public static partial class MirrorIndexReader
{
    private sealed partial class Parser
    {
        public List<CatalogProblem> Problems { get; } = [];

        /// <summary>
        /// Builds every install's spec after its dependencies (a depth-first walk with its own
        /// stack: a chain of 250,000 installs must not overflow the thread's), so each spec is
        /// created whole. An edge whose hash no install has, or that leads back to an install still
        /// being walked (a cycle), is left out with a problem at the install.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private IReadOnlyList<CatalogSpec> Resolve()
        {
            // Installs in the build cache must be whole; checked in file order so the first bad one is named.
            foreach (var install in _installs)
            {
                if (install.InBuildCache)
                {
                    Validate(install);
                }
            }

            var nodeOf = new int[_hashes.Count];
            nodeOf.AsSpan().Fill(-1);
            for (var i = 0; i < _installs.Count; i++)
            {
                // A hash listed twice: the last install has it, as a Python dict would.
                nodeOf[_installs[i].Id] = i;
            }

            foreach (var install in _installs)
            {
                foreach (var name in install.VirtualsNotList ?? [])
                {
                    install.Problem(string.Format(Messages.IndexVirtualsNotList, install.Label, name));
                }
            }

            var tag = MirrorName(_path);
            var built = new CatalogSpec?[_installs.Count];
            var walking = new bool[_installs.Count];
            var stack = new Stack<(int Node, int Edge)>();
            for (var root = 0; root < _installs.Count; root++)
            {
                if (built[root] is not null)
                {
                    continue;
                }

                stack.Push((root, 0));
                walking[root] = true;
                while (stack.Count > 0)
                {
                    var (node, next) = stack.Pop();
                    var install = _installs[node];
                    if (next < install.Edges.Length)
                    {
                        stack.Push((node, next + 1));
                        ref var edge = ref install.Edges[next];
                        var target = edge.Target < 0 ? -1 : nodeOf[edge.Target];
                        if (target < 0)
                        {
                            install.Problem(string.Format(Messages.IndexDependencyMissing, install.Label, edge.Name, edge.Target < 0 ? string.Empty : _hashes[edge.Target].ToString()));
                            edge.Target = -1;
                        }
                        else if (walking[target])
                        {
                            install.Problem(string.Format(Messages.IndexDependencyCycle, install.Label, edge.Name, _hashes[edge.Target].ToString()));
                            edge.Target = -1;
                        }
                        else if (built[target] is null)
                        {
                            walking[target] = true;
                            stack.Push((target, 0));
                        }

                        continue;
                    }

                    walking[node] = false;
                    built[node] = Build(install, nodeOf, built, tag);
                }
            }

            var specs = new List<CatalogSpec>(_installs.Count);
            for (var i = 0; i < _installs.Count; i++)
            {
                var install = _installs[i];
                foreach (var message in install.Problems ?? [])
                {
                    Problems.Add(new CatalogProblem(message, install.Line, install.Column));
                }

                if (install.InBuildCache)
                {
                    specs.Add(built[i]!);
                }
            }

            return specs;
        }

        private void Validate(Install install)
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

        private static CatalogFormatException Missing(Install install, string field) =>
            new(string.Format(Messages.IndexErrorMissingField, field), install.Line, install.Column);

        /// <summary>
        /// One node. Installs outside the build cache (externals, compilers in version 8) are only
        /// nodes and were never required to be whole: what they lack stays empty.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private CatalogSpec Build(Install install, int[] nodeOf, CatalogSpec?[] built, string? tag)
        {
            CatalogDependency[] dependencies = install.Edges.Length == 0 ? [] : new CatalogDependency[install.Edges.Length];
            var kept = 0;
            foreach (var edge in install.Edges)
            {
                if (edge.Target >= 0 && built[nodeOf[edge.Target]] is { } dependency)
                {
                    dependencies[kept++] = new CatalogDependency(dependency, edge.Types, edge.Virtuals);
                }
            }

            if (kept < dependencies.Length)
            {
                Array.Resize(ref dependencies, kept);
            }

            return new CatalogSpec(
                install.Name ?? string.Empty,
                (install.Version is null ? null : _interner.Version(install.Version)) ?? [],
                install.Hash ?? install.Key,
                install.Platform ?? string.Empty,
                install.Os ?? string.Empty,
                install.Target ?? string.Empty,
                Compiler(install, dependencies),
                install.Variants,
                [],
                tag,
                new SourceLocation(_path, install.Line, install.Column))
            {
                Dependencies = dependencies,
                InBuildCache = install.InBuildCache,
                GraphIncomplete = kept < install.Edges.Length || install.VirtualsNotList is not null,
            };
        }

        private SpecCompiler? Compiler(Install install, CatalogDependency[] dependencies)
        {
            if (install.CompilerName is not null)
            {
                return _interner.Compiler(install.CompilerVersion is null ? install.CompilerName : install.CompilerName + "@" + install.CompilerVersion);
            }

            if (install.AnnotatedCompiler is not null)
            {
                return _interner.Compiler(install.AnnotatedCompiler);
            }

            // Version 8: the build dependency that provides a language is the compiler.
            foreach (var edge in install.Edges)
            {
                if ((edge.Types & DependencyTypes.Build) != 0 && ProvidesLanguage(edge.Virtuals))
                {
                    foreach (var dependency in dependencies)
                    {
                        if (ReferenceEquals(dependency.Name, edge.Name) || dependency.Name == edge.Name)
                        {
                            return dependency.Spec.Versions.Count == 0 ? new SpecCompiler(edge.Name, null) : _interner.Compiler(edge.Name + "@" + dependency.Spec.VersionText);
                        }
                    }

                    return new SpecCompiler(edge.Name, null);
                }
            }

            return null;
        }

        private static bool ProvidesLanguage(IReadOnlyList<string> virtuals)
        {
            foreach (var name in virtuals)
            {
                if (CompilerLanguages.Contains(name))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
