#!/usr/bin/env python3
"""The wall time the check's target takes on each build node, from a `-v:detailed` build log.

usage: check-timeline.py LOG

A first build of a solution pays the check on every node before that node's projects compile
(SpackCoverageCheck runs before BeforeBuild). This sums, per node, the wall time between each
project's `Target "SpackCoverageCheck"` and `Done building target "SpackCoverageCheck"` lines
(the log must be written with -clp:ShowTimestamp) and prints the nodes and their sums; the largest sum is what the check adds to
the node that pays most for it, measured inside one build, so none of the run-to-run swing of a
whole solution's wall time (compiles of 1-4 s each) lands in it.
"""
import re
import sys


def seconds(stamp):
    hours, minutes, rest = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def main(path):
    node_of_context = {}
    project_of_context = {}
    started = {}
    per_node = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        m = re.match(r"^(\d\d:\d\d:\d\d\.\d+)\s+([\d:]+)>(.*)$", line.rstrip("\n"))
        if not m:
            continue
        stamp, body = seconds(m.group(1)), m.group(3)
        building = re.match(r'Project ".*" \([\d:]+\) is building "(.*)" \(([\d:]+)\) on node (\d+)', body)
        if building:
            node_of_context[building.group(2)] = building.group(3)
            project_of_context[building.group(2)] = building.group(1)
            continue
        context = m.group(2)
        if body.startswith('Target "SpackCoverageCheck"'):
            started[context] = stamp
        elif body.startswith('Done building target "SpackCoverageCheck"') and context in started:
            node = node_of_context.get(context, "?")
            per_node.setdefault(node, []).append(stamp - started.pop(context))
    if not per_node:
        print("no SpackCoverageCheck target in the log")
        return 1
    parts = []
    for node in sorted(per_node):
        times = per_node[node]
        parts.append(f"node {node}: {sum(times):.2f} s over {len(times)} projects (first {times[0]:.2f} s)")
    busiest = max(sum(t) for t in per_node.values())
    print(f"check on the busiest node {busiest:.2f} s; " + "; ".join(parts))
    print(f"busiest={busiest:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
