#!/usr/bin/env python3
"""Writes expected.json beside each stack's spack.yaml: the specs Spack's environment/list.py
expands it to, independently of CacheTasks.

This is a port of list.py (spack/spack lib/spack/spack/environment/list.py at commit
05ea2e11e69a539a15c43d9b28902c548cc67fe5) without Spack's Spec class: where list.py builds
Spec objects, this keeps the constraint strings. Each expanded spec is written as the list of
constraints list.py constrains into it (SpecList.specs_as_constraints), in Spack's order:
  - a plain string is one constraint;
  - a matrix combination is one constraint per row; a row item that is itself a matrix (nested,
    or a $name that names one) is that matrix's combination joined by spaces into one string
    (_expand_matrix_constraints: " ".join(str(c) ...));
  - $^name / $%name put the sigil before each string of the definition, and on the first
    constraint of each combination of a matrix in it (_sigilify, sigil);
  - definitions of the same name are concatenated, each kept when its when: holds
    (eval_conditional: Python eval with platform, os, target, arch_str, hostname, env, re).
Excludes are not ported (none of these stacks has one; list.py needs Spec.satisfies for them).

Run from this folder: python3 expand_stacks.py [FOLDER…]  (needs PyYAML); with no FOLDER it
expands the stacks here, and ../environments/real holds real environments from other repositories.
"""
import itertools
import json
import os
import re
import sys

import yaml

HOST = {"platform": "linux", "os": "ubuntu24.04", "target": "zen3"}


def eval_conditional(text):
    scope = dict(HOST)
    scope["arch_str"] = "platform={platform} os={os} target={target}".format(**HOST)
    scope["hostname"] = "login1"
    scope.update({"re": re, "env": {}})
    return eval(text, scope)  # the stacks are data of this repository, as Spack evals them


class Matrix:
    def __init__(self, rows, sigil=""):
        self.rows = rows
        self.sigil = sigil


def expand_matrix_constraints(matrix):
    expanded_rows = []
    for row in matrix.rows:
        new_row = []
        for r in row:
            if isinstance(r, Matrix):
                new_row.extend([[" ".join(c)] for c in expand_matrix_constraints(r)])
            else:
                new_row.append([r])
        expanded_rows.append(new_row)
    results = []
    for combo in itertools.product(*expanded_rows):
        flat = [c for constraints in combo for c in constraints]
        if matrix.sigil:
            flat[0] = matrix.sigil + flat[0]
        results.append(flat)
    return results


class Parser:
    def __init__(self):
        self.definitions = {}

    def expand_list(self, items):
        result = []
        for item in items:
            if isinstance(item, str) and item.startswith("$"):
                result.extend(self.reference(item))
            elif isinstance(item, dict):
                if set(item) - {"matrix", "exclude"}:
                    raise ValueError("extra attributes in matrix")
                if "exclude" in item:
                    raise ValueError("exclude is not ported")
                result.append(Matrix([self.expand_list(row) for row in item["matrix"]]))
            else:
                result.append(item)
        return result

    def reference(self, item):
        sigil, name = "", item[1:]
        if name.startswith("^") or name.startswith("%"):
            sigil, name = name[0], name[1:]
        value = self.definitions[name]
        if not sigil:
            return value
        return [Matrix(x.rows, sigil) if isinstance(x, Matrix) else sigil + x for x in value]

    def define(self, entries):
        grouped = {}
        for entry in entries:
            when = entry.get("when")
            names = [k for k in entry if k != "when"]
            grouped.setdefault(names[0], []).append((entry[names[0]], when))
        for name, parts in grouped.items():
            combined = []
            for items, when in parts:
                if when is not None and not eval_conditional(when):
                    continue
                combined.extend(items)
            self.definitions[name] = self.expand_list(combined)


def constraints(spack):
    parser = Parser()
    parser.define(spack.get("definitions") or [])
    out = []
    for item in parser.expand_list(spack["specs"]):
        if isinstance(item, Matrix):
            out.extend(expand_matrix_constraints(item))
        else:
            out.append([item])
    return out


def main():
    # Each folder given (default: this one) holds one environment per subfolder.
    for here in sys.argv[1:] or [os.path.dirname(os.path.abspath(__file__))]:
        expand_folder(here)


def expand_folder(here):
    for name in sorted(os.listdir(here)):
        path = os.path.join(here, name, "spack.yaml")
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            spack = yaml.safe_load(f)["spack"]
        expected = constraints(spack)
        with open(os.path.join(here, name, "expected.json"), "w", encoding="utf-8") as f:
            json.dump(expected, f, indent=1)
            f.write("\n")
        print(f"{name}: {len(expected)} specs", file=sys.stderr)


if __name__ == "__main__":
    main()
