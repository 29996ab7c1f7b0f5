#!/usr/bin/env python3
"""Writes OUT/spack.yaml: a stack of 366 specs in the shape of Spack's CI stacks, for checking how
CacheTasks' diagnostics and reports read at that size. The packages are the 122 of Spack's e4s
stack (tests/data/stacks/e4s/spack.yaml: default_specs and cuda_specs, with their ^ clauses),
crossed with three compiler/target rows, two of them written the Spack < 1.0 way
('%gcc target=…', CT3006) and one the Spack 1.0 way.

python3 bench/stack400/generate_stack.py /tmp/ct-stack400
"""
import os
import sys

import yaml

here = os.path.dirname(os.path.abspath(__file__))
e4s = yaml.safe_load(open(os.path.join(here, "..", "..", "tests", "data", "stacks", "e4s", "spack.yaml"), encoding="utf-8"))["spack"]
definitions = {k: v for d in e4s["definitions"] for k, v in d.items()}
packages = definitions["default_specs"] + definitions["cuda_specs"]
stack = {
    "spack": {
        "view": False,
        "definitions": [
            {"packages": packages},
            {"arch": ["%gcc target=x86_64", "%gcc@13 target=x86_64_v3", "target=x86_64_v3 %gcc@13"]},
        ],
        "specs": [{"matrix": [["$packages"], ["$arch"]]}],
    }
}
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "spack.yaml"), "w", encoding="utf-8") as f:
    yaml.safe_dump(stack, f, sort_keys=False, width=1000)
print(f"{len(packages) * 3} specs in {os.path.join(out, 'spack.yaml')}")
