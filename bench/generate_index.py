#!/usr/bin/env python3
"""Writes a Spack build-cache index.json shaped like Spack 1.0's (database version 8).

usage: generate_index.py INSTALLS OUT [--seed N] [--dag layered|random] [--stats N]

One line, json.dumps(separators=(",", ":")), as Spack's Database writes it: every install has a full
target dict (name, vendor, features, generation, parents, cpupart), build-system and compiler-flag
parameters, package_hash, annotations, and dependency edges with deptypes and virtuals. As in Spack
1.0, compilers are dependencies: external gcc/llvm/oneapi installs with in_buildcache false that
every package lists as a build dependency providing c/cxx (and fortran), beside compiler-wrapper
(build) and gcc-runtime (link). Dependencies point at installs generated earlier (a DAG); the
installs dict is written in hash order, so an edge may name an install that comes later in the
file, as in a real index. Seeded: the same arguments write the same bytes.

--dag layered (the default) gives Spack-shaped graphs: packages have levels and recipes, and a
binary's link/run closure holds one node per package its recipe reaches (none to a few hundred).
--dag random is the model issue 14's figures were measured with: 3-25 edges drawn among all earlier
installs, so a closure holds most of the index. The closure sizes go to stderr (--stats).
"""
import argparse
import base64
import hashlib
import json
import random
import sys

ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"

TARGETS = [
    ("x86_64_v3", "generic", ["avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "mmx", "movbe", "popcnt", "sse", "sse2", "sse3", "sse4_1", "sse4_2", "ssse3", "xsave"], ["x86_64_v2"], ""),
    ("zen3", "AuthenticAMD", ["abm", "aes", "avx", "avx2", "bmi1", "bmi2", "clflushopt", "clwb", "clzero", "cx16", "f16c", "fma", "fsgsbase", "mmx", "movbe", "pclmulqdq", "popcnt", "rdseed", "sha_ni", "sse", "sse2", "sse4_1", "sse4_2", "sse4a", "ssse3", "vaes", "vpclmulqdq", "xsavec", "xsaveopt"], ["zen2", "x86_64_v3"], ""),
    ("skylake_avx512", "GenuineIntel", ["adx", "aes", "avx", "avx2", "avx512bw", "avx512cd", "avx512dq", "avx512f", "avx512vl", "bmi1", "bmi2", "clflushopt", "clwb", "f16c", "fma", "mmx", "movbe", "pclmulqdq", "popcnt", "rdrand", "rdseed", "sse", "sse2", "sse4_1", "sse4_2", "ssse3", "xsavec", "xsaveopt"], ["skylake", "x86_64_v4"], ""),
    ("neoverse_v1", "ARM", ["aes", "asimd", "asimddp", "asimdfhm", "asimdhp", "asimdrdm", "atomics", "bf16", "cpuid", "crc32", "dcpodp", "dcpop", "dit", "evtstrm", "fcma", "flagm", "fp", "fphp", "i8mm", "ilrcpc", "jscvt", "lrcpc", "paca", "pacg", "pmull", "rng", "sb", "sha1", "sha2", "sha3", "sha512", "sve", "svebf16", "svei8mm", "uscat"], ["neoverse_n1", "armv8.4a"], "0xd40"),
    ("aarch64", "generic", ["fp", "asimd"], [], ""),
]
OSES = ["ubuntu24.04", "ubuntu22.04", "rhel9", "amzn2023"]
COMPILERS = [("gcc", "13.3.0", ["c", "cxx", "fortran"]), ("gcc", "12.3.0", ["c", "cxx", "fortran"]), ("llvm", "18.1.8", ["c", "cxx"]), ("intel-oneapi-compilers", "2025.0.4", ["c", "cxx", "fortran"])]
BUILD_SYSTEMS = ["cmake", "autotools", "generic", "python_pip", "meson", "makefile"]
VIRTUAL_SETS = [["mpi"], ["blas", "lapack"], ["zlib-api"], ["pkgconfig"], ["yacc"], ["gl"], ["fftw-api"], ["jpeg"]]
DEPTYPES = [["build", "link"], ["build", "link"], ["link"], ["build"], ["build", "run"], ["run"], ["build", "link", "run"]]
# A recipe's dependencies: a third are build tools (cmake, pkgconfig), which the link/run closure skips.
RECIPE_DEPTYPES = [["build", "link"], ["build", "link"], ["link"], ["build"], ["build"], ["build"], ["build", "run"], ["run"], ["build", "link", "run"]]
# Share of packages per level, foundation (zlib, ncurses) first, applications (py-torch) last.
LEVEL_WEIGHTS = [15, 18, 17, 15, 12, 10, 8, 5]
FLAG_SETS = [[], [], [], ["-O2"], ["-O3", "-march=native"], ["-g"]]


def dag_hash(rng):
    return "".join(rng.choice(ALPHABET) for _ in range(32))


def package_hash(rng):
    return base64.b32encode(rng.randbytes(32)).decode("ascii").lower().rstrip("=")[:52] + "===="


def arch(rng, target=None, os_name=None):
    name, vendor, features, parents, cpupart = target or rng.choice(TARGETS)
    return {
        "platform": "linux",
        "platform_os": os_name or rng.choice(OSES),
        "target": {"name": name, "vendor": vendor, "features": features, "generation": 0, "parents": parents, "cpupart": cpupart},
    }


def flags(rng):
    return {
        "cflags": rng.choice(FLAG_SETS),
        "cppflags": [],
        "cxxflags": rng.choice(FLAG_SETS),
        "fflags": rng.choice(FLAG_SETS),
        "ldflags": [],
        "ldlibs": [],
    }


def edge(name, hash_, deptypes, virtuals):
    return {"name": name, "hash": hash_, "parameters": {"deptypes": deptypes, "virtuals": virtuals}}


def compiler_edges(rng, compiler, wrapper, runtimes):
    return [
        edge("compiler-wrapper", wrapper, ["build"], []),
        edge(compiler[0], compiler[3], ["build"], [v for v in compiler[2] if rng.random() < 0.8] or ["c"]),
        edge("gcc-runtime", runtimes[compiler[3]], ["link"], []),
    ]


def add_install(rng, installs, name, deps, target=None, os_name=None):
    """Adds one build-cache install of NAME with these dependency edges (on a random arch unless given); returns its hash."""
    deps.sort(key=lambda d: d["name"])
    h = dag_hash(rng)
    parameters = {"build_system": rng.choice(BUILD_SYSTEMS), **flags(rng)}
    for v in rng.sample(["shared", "pic", "mpi", "openmp", "cuda", "rocm", "fortran", "python", "static", "ipo"], rng.randint(1, 5)):
        parameters[v] = rng.random() < 0.5
    if rng.random() < 0.4:
        parameters["build_type"] = rng.choice(["Release", "RelWithDebInfo", "Debug"])
    if rng.random() < 0.1:
        parameters["cuda_arch"] = rng.sample(["70", "80", "90"], rng.randint(1, 2))
    installs[h] = {
        "spec": {
            "name": name,
            "version": "%d.%d.%d" % (rng.randint(0, 12), rng.randint(0, 20), rng.randint(0, 9)),
            "arch": arch(rng, target, os_name),
            "namespace": "builtin",
            "parameters": dict(sorted(parameters.items())),
            "package_hash": package_hash(rng),
            "annotations": {"original_specfile_version": 5},
            "dependencies": deps,
            "hash": h,
        },
        "ref_count": rng.randint(0, 3),
        "in_buildcache": True,
    }
    return h


def random_dag(rng, count, compilers, wrapper, runtimes, installs):
    """The model of issue 14's figures: 0-22 dependencies drawn among all earlier installs, so a
    binary's link/run closure holds thousands of installs (most of the index at 60,000)."""
    names = ["pkg-%04d" % i for i in range(max(50, count // 8))]
    built = []  # (name, hash, virtuals it provides)
    for _ in range(count):
        name = rng.choice(names)
        compiler = rng.choice(compilers)
        virtual = rng.choice(VIRTUAL_SETS) if rng.random() < 0.15 else []
        deps = compiler_edges(rng, compiler, wrapper, runtimes)
        if built:
            seen = set()
            for _ in range(rng.randint(0, 22)):
                dep_name, dep_hash, provides = built[-1 - min(len(built) - 1, int(rng.expovariate(1 / 400)))] if rng.random() < 0.7 else rng.choice(built)
                if dep_hash in seen:
                    continue
                seen.add(dep_hash)
                deps.append(edge(dep_name, dep_hash, rng.choice(DEPTYPES), provides if rng.random() < 0.5 else []))
        built.append((name, add_install(rng, installs, name, deps), virtual))
    return [b[1] for b in built]


def layered_dag(rng, count, compilers, wrapper, runtimes, installs):
    """Spack-shaped graphs. Each package has a level and a recipe: the packages of lower levels it
    depends on, with fixed deptypes (a few foundation packages are used by most others). Packages
    are built lowest level first; an install's dependency on a package is one install of it, the
    same one for every install of that os, target and compiler (as one concretization would
    reuse it), so a binary's link/run closure holds about one node per package its recipe reaches:
    none for a foundation package, tens to a few hundred at the top."""
    names = ["pkg-%04d" % i for i in range(max(1, min(count, max(50, count // 8))))]
    level = {n: rng.choices(range(len(LEVEL_WEIGHTS)), LEVEL_WEIGHTS)[0] for n in names}
    by_level = [[n for n in names if level[n] == lvl] for lvl in range(len(LEVEL_WEIGHTS))]
    provides = {n: (rng.choice(VIRTUAL_SETS) if level[n] <= 1 and rng.random() < 0.15 else []) for n in names}
    recipe = {}
    for n in names:
        lvl, chosen = level[n], {}
        for _ in range(rng.randint(1, 2 + lvl) if lvl > 0 else 0):
            pool = by_level[lvl - 1 if rng.random() < 0.5 else rng.randrange(lvl)]
            if pool:
                # Skewed towards the start of each level: a few packages are everyone's dependency.
                dep = pool[int(len(pool) * rng.random() ** 4)]
                if dep not in chosen:
                    chosen[dep] = rng.choice(RECIPE_DEPTYPES)
        recipe[n] = sorted(chosen.items())

    # Concretize roots until the index is full, applications more often than libraries: each
    # package of a root's recipe closure is the install already built for that os, target and
    # compiler, or a new one built with them (dependencies first).
    reused = {}  # (name, os, target, compiler hash) -> hash
    built = []

    def build(n, key, root=False):
        if (n,) + key in reused and not root:
            return True
        os_name, target, compiler = key[0], TARGETS[key[1]], compilers[key[2]]
        deps = compiler_edges(rng, compiler, wrapper, runtimes)
        for dep, deptypes in recipe[n]:
            if not build(dep, key):
                return False
            deps.append(edge(dep, reused[(dep,) + key], deptypes, provides[dep]))
        if len(built) == count:
            return False
        h = add_install(rng, installs, n, deps, target, os_name)
        reused.setdefault((n,) + key, h)
        built.append(h)
        return True

    # A few applications are asked for by many stacks (py-torch, hdf5), most by one.
    weights = [(1 + level[n]) * rng.paretovariate(1.0) for n in names]
    while len(built) < count:
        key = (rng.choices(OSES, [8, 4, 2, 1])[0], rng.choices(range(len(TARGETS)), [8, 4, 2, 2, 1])[0], rng.choices(range(len(compilers)), [8, 4, 2, 1])[0])
        build(rng.choices(names, weights)[0], key, root=True)
    return built


def closure(installs, h):
    """The nodes a `^` clause reads: the direct dependencies (any deptype), and what link/run edges reach."""
    seen, entered, pending = set(), set(), []
    for d in installs[h]["spec"].get("dependencies", []):
        seen.add(d["hash"])
        if set(d["parameters"]["deptypes"]) & {"link", "run"} and d["hash"] not in entered:
            entered.add(d["hash"])
            pending.append(d["hash"])
    while pending:
        for d in installs[pending.pop()]["spec"].get("dependencies", []):
            if set(d["parameters"]["deptypes"]) & {"link", "run"} and d["hash"] not in entered:
                entered.add(d["hash"])
                seen.add(d["hash"])
                pending.append(d["hash"])
    return len(seen)


def print_closure_stats(installs, built, sample):
    """To stderr: the closure sizes of a seeded sample of the build-cache installs."""
    picked = built if sample >= len(built) else random.Random(16).sample(built, sample)
    sizes = sorted(closure(installs, h) for h in picked)
    edges = sorted(len(installs[h]["spec"]["dependencies"]) for h in picked)

    def at(values, q):
        return values[min(len(values) - 1, int(q * len(values)))]

    print("closure (nodes a ^ clause reads) of %d of %d installs: min %d, median %d, p90 %d, p99 %d, max %d; direct edges: median %d, max %d"
          % (len(sizes), len(built), sizes[0], at(sizes, 0.5), at(sizes, 0.9), at(sizes, 0.99), sizes[-1], at(edges, 0.5), edges[-1]), file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("installs", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--dag", choices=["layered", "random"], default="layered")
    parser.add_argument("--stats", type=int, metavar="N", help="closure sizes of N sampled installs to stderr (0: none; default all with layered, 2000 with random)")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    installs = {}

    # Compilers: externals, not in the build cache (Spack 1.0 keeps them as nodes of the DAG).
    compilers = []
    for name, version, languages in COMPILERS:
        h = dag_hash(rng)
        compilers.append((name, version, languages, h))
        installs[h] = {
            "spec": {
                "name": name, "version": version, "arch": {"platform": "linux", "platform_os": "ubuntu24.04", "target": "x86_64"},
                "namespace": "builtin", "parameters": {"build_system": "generic", "languages": ["c", "c++", "fortran"], **flags(rng)},
                "external": {"path": "/usr", "module": None, "extra_attributes": {"compilers": {"c": "/usr/bin/" + name, "cxx": "/usr/bin/" + name + "++"}}},
                "package_hash": package_hash(rng), "annotations": {"original_specfile_version": 5}, "hash": h,
            },
            "ref_count": 0, "in_buildcache": False,
        }

    def helper(name, version, deps):
        h = dag_hash(rng)
        installs[h] = {
            "spec": {
                "name": name, "version": version, "arch": arch(rng, TARGETS[0], "ubuntu24.04"), "namespace": "builtin",
                "parameters": {"build_system": "generic", **flags(rng)}, "package_hash": package_hash(rng),
                "annotations": {"original_specfile_version": 5}, "dependencies": deps, "hash": h,
            },
            "ref_count": 0, "in_buildcache": True,
        }
        return h

    wrapper = helper("compiler-wrapper", "1.0", [])
    runtimes = {c[3]: helper("gcc-runtime", c[1], [edge(c[0], c[3], ["build"], [])]) for c in compilers}

    if args.dag == "random":
        built = random_dag(rng, args.installs, compilers, wrapper, runtimes, installs)
    else:
        built = layered_dag(rng, args.installs, compilers, wrapper, runtimes, installs)
    sample = args.stats if args.stats is not None else (len(built) if args.dag == "layered" else 2000)
    if sample:
        print_closure_stats(installs, built, sample)

    # Spack writes the installs dict in its own order; hash order puts dependencies anywhere.
    database = {"database": {"version": "8", "installs": dict(sorted(installs.items()))}}
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(json.dumps(database, separators=(",", ":")))


if __name__ == "__main__":
    main()
