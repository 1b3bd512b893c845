#!/usr/bin/env python3
"""Checks the module layering of docs/architecture.md against every #include under src/.

A module may include only itself and the modules listed for it; some third-party headers
belong to one module only (SQLite to store/sqlite, libpqxx to store/postgres, nlohmann JSON
and Boost.Beast to api/app). Exit 1 and one line per violation otherwise.
"""
import os
import re
import sys

ALLOWED = {
    "core": set(),
    "text": {"core"},
    "doc": {"core", "text"},
    "domain": {"core"},
    "ingest": {"core", "text", "doc", "domain"},
    "store": {"core", "domain"},
    "analytics": {"core", "domain"},
    "export": {"core"},
    "service": {"core", "text", "doc", "ingest", "domain", "store", "analytics", "export"},
    "api": {"core", "domain", "service"},
    "app": {"core", "text", "doc", "ingest", "domain", "store", "analytics", "export", "service", "api"},
}
# Third-party headers and the modules (or sub-folders) that alone may use them.
OWNED = [
    (re.compile(r"^(SQLiteCpp/|sqlite3\.h)"), ("store/sqlite",)),
    (re.compile(r"^pqxx/"), ("store/postgres",)),
    (re.compile(r"^nlohmann/"), ("api", "app")),
    (re.compile(r"^boost/(beast|asio)"), ("api", "app")),
]
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')


def check(src):
    problems = []
    for root, _, files in os.walk(src):
        for name in files:
            if not name.endswith((".cpp", ".hpp", ".h")):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src)
            module = rel.split(os.sep)[0]
            if module not in ALLOWED:
                problems.append(f"{rel}: module '{module}' is not in the layering table")
                continue
            with open(path, encoding="utf-8") as f:
                for lineno, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    target = m.group(1)
                    first = target.split("/")[0]
                    if first in ALLOWED and "/" in target:
                        if first != module and first not in ALLOWED[module]:
                            problems.append(f"{rel}:{lineno}: {module} may not include {target}")
                    for pattern, owners in OWNED:
                        if pattern.match(target) and not any(rel.startswith(o + os.sep) or rel.startswith(o + "/") for o in owners):
                            problems.append(f"{rel}:{lineno}: only {', '.join(owners)} may include {target}")
    return problems


def self_test():
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "core"))
        os.makedirs(os.path.join(d, "doc"))
        with open(os.path.join(d, "core", "bad.hpp"), "w") as f:
            f.write('#include "doc/document.hpp"\n')
        with open(os.path.join(d, "doc", "bad.cpp"), "w") as f:
            f.write('#include "domain/plan.hpp"\n#include <nlohmann/json.hpp>\n')
        found = check(d)
        assert len(found) == 3, found
    print("self-test ok: upward includes and owned third-party headers are reported")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    problems = check(sys.argv[1])
    for p in problems:
        print(p)
    print(f"layering: {len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
