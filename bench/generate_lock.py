#!/usr/bin/env python3
"""Writes a spack.yaml and a Spack 1.0-shaped spack.lock (lockfile version 6, one line) beside it.

usage: generate_lock.py NODES ROOTS OUT [--seed N] [--window W]

Each node depends on 1-8 of the W nodes before it, with Spack's deptype mixes (build only, build
and link, link, run, build and run), so a root's link/run closure is large (hundreds to thousands of
nodes with the default W=200): a harder case than a real CI stack lock, whose roots share most of
a few hundred nodes. Prints the closure sizes. Used by bench/README.md "spack.lock".
"""
import argparse
import hashlib
import json
import os
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("nodes", type=int)
    parser.add_argument("roots", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--window", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    def dag_hash(i):
        return hashlib.sha1(str(i).encode()).hexdigest()[:32].translate(str.maketrans("0189", "abcd"))

    deptypes = [["build"], ["build", "link"], ["link"], ["run"], ["build", "run"]]
    nodes = {}
    for i in range(args.nodes):
        edges = []
        if i > 0:
            for j in rng.sample(range(max(0, i - args.window), i), min(i, rng.randint(1, 8))):
                edges.append({"name": f"pkg{j}", "hash": dag_hash(j), "parameters": {"deptypes": rng.choice(deptypes), "virtuals": []}})
        nodes[dag_hash(i)] = {
            "name": f"pkg{i}",
            "version": "1.0",
            "arch": {"platform": "linux", "platform_os": "ubuntu24.04",
                     "target": {"name": "x86_64_v3", "vendor": "generic", "features": ["avx", "avx2", "bmi1", "bmi2", "fma"], "generation": 0, "parents": ["x86_64_v2"]}},
            "namespace": "builtin",
            "parameters": {"build_system": "generic", "cflags": [], "cppflags": [], "cxxflags": [], "fflags": [], "ldflags": [], "ldlibs": []},
            "package_hash": hashlib.sha1(f"p{i}".encode()).hexdigest()[:32],
            "dependencies": edges,
            "annotations": {"original_specfile_version": 5},
            "hash": dag_hash(i),
        }

    roots = [{"hash": dag_hash(i), "spec": f"pkg{i}"} for i in rng.sample(range(args.nodes // 2, args.nodes), args.roots)]
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "spack.lock"), "w") as f:
        json.dump({"_meta": {"file-type": "spack-lockfile", "lockfile-version": 6, "specfile-version": 5},
                   "spack": {"version": "1.0.0"}, "roots": roots, "concrete_specs": nodes}, f, separators=(",", ":"))
    with open(os.path.join(args.out, "spack.yaml"), "w") as f:
        f.write("spack:\n  specs:\n" + "".join(f"  - {r['spec']}\n" for r in roots))

    def closure(h):
        seen, pending = {h}, [h]
        while pending:
            for edge in nodes[pending.pop()]["dependencies"]:
                if ("link" in edge["parameters"]["deptypes"] or "run" in edge["parameters"]["deptypes"]) and edge["hash"] not in seen:
                    seen.add(edge["hash"])
                    pending.append(edge["hash"])
        return len(seen) - 1

    sizes = sorted(closure(r["hash"]) for r in roots)
    print(f"{args.nodes} nodes, {args.roots} roots, {os.path.getsize(os.path.join(args.out, 'spack.lock')):,} bytes; "
          f"closure min {sizes[0]}, median {sizes[len(sizes) // 2]}, max {sizes[-1]}, total {sum(sizes):,}")


if __name__ == "__main__":
    main()
