#!/usr/bin/env python3
"""Dependencies point one way (docs/ARCHITECTURE.md):

    cli → audit → report → pipeline → {rules, index} → analysis → ingest → base

A library may use what is below it, never what is above it or beside it (rules and index
are siblings). This test reads the tree, not the build:

- every #include of a library's sources and headers: "vigie/X/..." only for a library X
  below it (or itself); any other quoted include must be a file of its own folder (a
  private header), so "../../cli/x.hpp" or another stage's private header fails too;
- the public headers (LIB/include/vigie/LIB/) include only the standard library and vigie
  headers: third-party types (Poppler, ICU, Hyperscan, Xapian, JSON…) stay private;
- target_link_libraries of each library's CMakeLists.txt: vigie_* targets below it only.

    tests/dependency_test.py ROOT        check the tree at ROOT; exit 1 listing each violation
    tests/dependency_test.py --self-test check that a tree with bad includes and links fails
"""

import os
import re
import sys
import tempfile

# What each library folder may use, besides itself. Folders not yet created are allowed to
# be missing; the order is the order of the layers.
BELOW = {
    "base": [],
    "ingest": ["base"],
    "analysis": ["ingest", "base"],
    "rules": ["analysis", "ingest", "base"],
    "index": ["analysis", "ingest", "base"],
    "pipeline": ["rules", "index", "analysis", "ingest", "base"],
    "report": ["pipeline", "rules", "index", "analysis", "ingest", "base"],
    "audit": ["report", "pipeline", "rules", "index", "analysis", "ingest", "base"],
    "web": ["report", "pipeline", "rules", "index", "analysis", "ingest", "base"],
    "cli": ["audit", "web", "report", "pipeline", "rules", "index", "analysis", "ingest",
            "base"],
}

# Targets of a folder other than vigie_<folder> (a library's helpers and generators).
TARGET_FOLDER = {"vigie_lexicon": "rules", "vigie_lexicon_gen": "rules", "vigie": "cli"}

# Targets every folder may link: build settings, not code.
SETTINGS = {"vigie_project_options", "vigie_warnings", "vigie_sanitizers"}

# Files the build generates into a library's build folder (included by bare name).
GENERATED = {"builtin_rulesets.inc", "builtin_lexicon.inc", "vigie_version.hpp"}

SOURCE_EXTENSIONS = (".cpp", ".hpp", ".h", ".cc", ".inc")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
LINK = re.compile(r"target_link_libraries\s*\(\s*(\S+)([^)]*)\)", re.S)


def layer_of(target):
    if target in TARGET_FOLDER:
        return TARGET_FOLDER[target]
    if target.startswith("vigie_"):
        return target[len("vigie_"):]
    return None


def allowed(folder, other):
    return other == folder or other in BELOW[folder]


def direction(folder, other):
    """'up' when `other` is above `folder`, 'sideways' when neither is below the other."""
    return "up" if other in BELOW and folder in BELOW[other] else "sideways"


def check_includes(root, folder):
    problems = []
    base = os.path.join(root, folder)
    public = os.path.join(base, "include", "vigie", folder)
    for directory, _, files in os.walk(base):
        for name in sorted(files):
            if not name.endswith(SOURCE_EXTENSIONS):
                continue
            path = os.path.join(directory, name)
            rel = os.path.relpath(path, root)
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            for m in INCLUDE.finditer(text):
                quote, target = m.group(1), m.group(2)
                line = text.count("\n", 0, m.start()) + 1
                where = f"{rel}:{line}"
                if target.startswith("vigie/"):
                    other = target.split("/")[1]
                    if other not in BELOW:
                        problems.append(f"{where}: includes \"{target}\": no library "
                                        f"\"{other}\" (known: {', '.join(BELOW)})")
                    elif not allowed(folder, other):
                        problems.append(
                            f"{where}: includes \"{target}\", which points {direction(folder, other)}: "
                            f"{folder}/ may include only {own_and_below(folder)}")
                    continue
                if quote == "<":
                    if path.startswith(public + os.sep) and "." not in target and "/" not in target:
                        continue  # <string>, <vector>: the standard library
                    if path.startswith(public + os.sep):
                        problems.append(
                            f"{where}: public header includes <{target}>: a public header "
                            f"names no third-party type (keep it in {folder}/src/)")
                    continue
                if target in GENERATED:
                    continue
                candidates = [os.path.join(directory, target), os.path.join(base, "src", target),
                              os.path.join(base, "include", target), os.path.join(base, target)]
                found = [c for c in candidates if os.path.isfile(c)]
                inside = [c for c in found
                          if os.path.realpath(c).startswith(os.path.realpath(base) + os.sep)]
                if not inside:
                    problems.append(
                        f"{where}: includes \"{target}\", which is not a file of {folder}/: "
                        f"another folder's headers are reached through \"vigie/LIB/...\" "
                        f"(public headers of a library below: {', '.join(BELOW[folder]) or 'none'})")
    return problems


def own_and_below(folder):
    return ", ".join(f"vigie/{x}/" for x in [folder] + BELOW[folder])


def check_links(root, folder):
    problems = []
    path = os.path.join(root, folder, "CMakeLists.txt")
    if not os.path.isfile(path):
        return problems
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for m in LINK.finditer(text):
        target = m.group(1)
        for other_target in re.findall(r"\bvigie_\w+", m.group(2)):
            if other_target in SETTINGS:
                continue
            other = layer_of(other_target)
            line = text.count("\n", 0, m.start()) + 1
            if other not in BELOW:
                problems.append(f"{folder}/CMakeLists.txt:{line}: {target} links {other_target}, "
                                f"a target of no known library")
            elif not allowed(folder, other):
                problems.append(
                    f"{folder}/CMakeLists.txt:{line}: {target} links {other_target}, which points "
                    f"{direction(folder, other)}: {folder}/ may link only "
                    f"{', '.join('vigie_' + x for x in BELOW[folder]) or 'no other library'}")
    return problems


def check(root):
    problems = []
    checked = 0
    for folder in BELOW:
        if os.path.isdir(os.path.join(root, folder)):
            checked += 1
            problems += check_includes(root, folder)
            problems += check_links(root, folder)
    return checked, problems


def self_test():
    """A tree with one violation of each kind must fail with each named."""
    with tempfile.TemporaryDirectory() as root:
        def write(rel, text):
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        write("base/include/vigie/base/ok.hpp", "#include <string>\n")
        write("ingest/src/up.cpp", '#include "vigie/analysis/analyzed_document.hpp"\n')
        write("rules/src/sideways.cpp", '#include "vigie/index/index.hpp"\n')
        write("analysis/src/escape.cpp", '#include "../../cli/check_report.hpp"\n')
        write("cli/check_report.hpp", "#pragma once\n")
        write("index/include/vigie/index/leak.hpp", "#include <xapian.h>\n")
        write("ingest/CMakeLists.txt",
              "target_link_libraries(vigie_ingest PUBLIC vigie_base vigie_analysis)\n")
        write("pipeline/src/fine.cpp", '#include "vigie/rules/engine.hpp"\n#include "local.hpp"\n')
        write("pipeline/src/local.hpp", "#pragma once\n")
        _, problems = check(root)
        expected = ["ingest/src/up.cpp:1", "rules/src/sideways.cpp:1",
                    "analysis/src/escape.cpp:1", "index/include/vigie/index/leak.hpp:1",
                    "ingest/CMakeLists.txt:1"]
        missing = [e for e in expected if not any(p.startswith(e) for p in problems)]
        extra = [p for p in problems if not any(p.startswith(e) for e in expected)]
        for p in problems:
            print("found as expected:", p)
        if missing or extra:
            print("SELF-TEST FAILED: missing", missing, "unexpected", extra)
            return 1
        print(f"self-test: the {len(expected)} planted violations are found, nothing else")
        return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    checked, problems = check(sys.argv[1])
    for p in problems:
        print(p)
    if problems:
        print(f"\n{len(problems)} dependency(ies) against the layers "
              "(cli → audit → report → pipeline → {rules, index} → analysis → ingest → base; "
              "docs/ARCHITECTURE.md)")
        return 1
    print(f"{checked} library folders: every include and link points down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
