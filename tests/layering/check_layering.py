#!/usr/bin/env python3
"""Checks the module layering of docs/architecture.md against every #include under src/.

A module may include only itself and the modules listed for it; some third-party headers
belong to one module only (SQLite to store/sqlite, libpqxx to store/postgres, nlohmann JSON
and Boost.Beast to api/app). `api` sees the service's views, never the store's records nor the
analytics engine's types: its includes are followed transitively through the headers of src/,
and none may reach store/ or analytics/ (the service's own implementation headers live in
service/internal/, which only service and app include). Exit 1 and one line per violation
otherwise.
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
    "read": {"core", "text", "export"},
    "service": {"core", "text", "doc", "ingest", "domain", "store", "analytics", "export", "read"},
    "api": {"core", "domain", "service"},
    "app": {"core", "text", "doc", "ingest", "domain", "store", "analytics", "export", "read",
            "service", "api"},
}
# Third-party headers and the modules (or sub-folders) that alone may use them.
OWNED = [
    (re.compile(r"^(SQLiteCpp/|sqlite3\.h)"), ("store/sqlite",)),
    (re.compile(r"^pqxx/"), ("store/postgres",)),
    (re.compile(r"^nlohmann/"), ("api", "app")),
    (re.compile(r"^boost/(beast|asio)"), ("api", "app")),
    (re.compile(r"^poppler/"), ("read",)),
]
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
# Modules a module may not reach even through the headers of modules it may include.
HIDDEN = {"api": ("store", "analytics")}
# Folders of a module that only the listed modules may include.
PRIVATE = [("service/internal/", ("service", "app"))]


def includes(path):
    with open(path, encoding="utf-8") as f:
        return [(lineno, m.group(1)) for lineno, line in enumerate(f, 1) if (m := INCLUDE.match(line))]


def hidden_reached(src, rel, hidden):
    """The first header under one of `hidden` that `rel` reaches through src/'s headers, with the
    chain of includes leading to it; None when it reaches none."""
    seen = {rel}
    queue = [(rel, [])]
    while queue:
        current, chain = queue.pop(0)
        for _, target in includes(os.path.join(src, current)):
            if target.split("/")[0] in hidden:
                return chain + [target]
            if target in seen or not os.path.isfile(os.path.join(src, target)):
                continue
            seen.add(target)
            queue.append((target, chain + [target]))
    return None


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
                    for folder, users in PRIVATE:
                        if target.startswith(folder) and module not in users:
                            problems.append(f"{rel}:{lineno}: only {', '.join(users)} may include {target}")
                    for pattern, owners in OWNED:
                        if pattern.match(target) and not any(rel.startswith(o + os.sep) or rel.startswith(o + "/") for o in owners):
                            problems.append(f"{rel}:{lineno}: only {', '.join(owners)} may include {target}")
            if module in HIDDEN:
                chain = hidden_reached(src, rel, HIDDEN[module])
                if chain:
                    problems.append(f"{rel}: {module} reaches {chain[-1]} through " + " → ".join(chain))
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
        # api includes a service header that includes the store (allowed one step at a time),
        # and another that includes a service-internal header.
        for folder in ("api", "service/internal", "store"):
            os.makedirs(os.path.join(d, folder), exist_ok=True)
        with open(os.path.join(d, "api", "routes.cpp"), "w") as f:
            f.write('#include "service/views.hpp"\n')
        with open(os.path.join(d, "service", "views.hpp"), "w") as f:
            f.write('#include "service/more.hpp"\n')
        with open(os.path.join(d, "service", "more.hpp"), "w") as f:
            f.write('#include "store/store.hpp"\n')
        with open(os.path.join(d, "store", "store.hpp"), "w") as f:
            f.write("")
        with open(os.path.join(d, "api", "peek.cpp"), "w") as f:
            f.write('#include "service/internal/shared.hpp"\n')
        with open(os.path.join(d, "service", "internal", "shared.hpp"), "w") as f:
            f.write("")
        found = check(d)
        assert len(found) == 5, found
        assert any("api/routes.cpp: api reaches store/store.hpp through" in p for p in found), found
        assert any("api/peek.cpp:1: only service, app may include" in p for p in found), found
    print("self-test ok: upward includes, owned third-party headers, api reaching the store "
          "through other headers and service-internal headers are reported")
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
