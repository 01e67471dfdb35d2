#!/usr/bin/env python3
"""Checks that every #include respects the layers of the code (DESIGN.md, "Layers of the code").

    python3 scripts/check_layering.py [--root DIR] [--list-rules] [--quiet]

Scans src/, include/, python/src/, examples/ and tests/ under --root (default: the repository this
script lives in), resolves each #include the way the compiler does ("x" first beside the including
file, then against src/ and include/; <x> against src/ and include/ only; anything else is a system
or third-party header and is ignored), finds the layer of the including file and of the included
file, and reports every include that the RULES table below does not allow:

    src/runtime/x.cpp:12: error: includes "api/builder_config.h" (api): runtime may include only
        common, ir, plan, backends interfaces (and include/tensorforge/*.h)

Exit status: 0 clean, 1 violations found, 2 bad usage. The build runs it (target
tforge_check_layering, part of ALL) and so does ctest (test `layering`). Python 3.6+, stdlib only.

To change a rule, edit RULES below (and DESIGN.md); a new folder under src/ needs a rule here before
the build accepts it.
"""

import argparse
import os
import re
import sys

# ---------------------------------------------------------------------------------------------------
# The rule table.
#
# Layers are named by their folder under src/ ("ir/shape" is src/ir/shape/). Special names:
#   "backends"     the backend interfaces: the files directly in src/backends/ (backend.h, device.h,
#                  registry.h, registry.cpp)
#   "backends/*"   any backend folder (src/backends/<name>/, nested folders included) not named
#                  explicitly: an implementation (a device or a tactic source)
#   "public"       include/ (include/tensorforge/*.h), which every file may include
#   "python"       python/src/ (the bindings)
#   "examples"     examples/ (each example is its own folder: "own files" means that folder)
#   "tests"        tests/ (may include anything)
# Every layer may include its own files; backend folders and examples only their own folder, not a
# sibling's. A file is in the layer of the longest matching folder (src/ir/shape/x.h: "ir/shape").
ANY = "*"
# Each rule: (layers it may include besides its own and "public", why).
RULES = {
    "common": ([], "the bottom layer"),
    "ir": (["common"], "the graph; ir/shape implements ir/shape_inference.h, so ir never sees it"),
    "ir/shape": (["common", "ir"], "shape functions behind ir/shape_inference.h"),
    "plan": (["common", "ir"], "the engine file format"),
    "passes": (["common", "ir"], "graph rewrites"),
    "backends": (["common", "ir"], "the interfaces every backend implements"),
    "backends/*": (["common", "ir", "backends"],
                   "a backend sees the interfaces, never another backend nor the core"),
    # The test device's kernels are the reference kernels run on host views of its memory.
    "backends/testdev": (["common", "ir", "backends", "backends/reference"],
                         "wraps the reference kernels"),
    "builder": (["common", "ir", "passes", "plan", "backends"],
                "finds backends through the registry, never a backend's own headers"),
    "runtime": (["common", "ir", "plan", "backends"],
                "loads and runs plans; never api/, builder/ or passes/"),
    # DESIGN.md: "The core never includes a backend header": api sees the interfaces only.
    "api": (["common", "ir", "ir/shape", "plan", "passes", "builder", "runtime", "backends"],
            "the public interfaces, over the whole core; backends only through their interfaces"),
    "public": ([], "public headers are installed: they may include only include/tensorforge/*.h"),
    "python": ([], "bindings of the public API only"),
    "examples": ([], "examples use the public API only"),
    "tests": ([ANY], "tests may include anything"),
}

# The rules above that are not folders of src/.
NOT_IN_SRC = ("backends/*", "public", "python", "examples", "tests")

# The folders scanned, relative to --root, and the layer of a file under each (None: by src/ folder).
SCANNED = [("src", None), ("include", "public"), ("python/src", "python"), ("examples", "examples"),
           ("tests", "tests")]
EXTENSIONS = (".h", ".hh", ".hpp", ".hxx", ".inc", ".ipp", ".c", ".cc", ".cpp", ".cxx", ".cu", ".cuh")
# Where #include "x" and <x> are looked up after the including file's folder (as -I gives them).
INCLUDE_ROOTS = ["src", "include"]

# How a layer is spelled in messages.
DISPLAY = {"backends": "backends interfaces", "backends/*": "any backend folder",
           "public": "include/tensorforge/*.h", "python": "python/src", "tests": "tests"}


def display(layer):
    return DISPLAY.get(layer, layer)


class Layer(object):
    """Where a file belongs: the rule that governs it and the unit it may always include (`own`)."""

    def __init__(self, rule, own):
        self.rule = rule  # key into RULES
        self.own = own    # name of the file's own unit (e.g. "backends/cpu", "examples/lenet")

    def __repr__(self):
        return self.own


def src_layer(rel):
    """Layer of a path relative to src/ (forward slashes); None if no rule covers it."""
    parts = rel.split("/")
    folders = parts[:-1]
    if not folders:
        return None  # a file directly in src/
    if folders[0] == "backends":
        if len(folders) == 1:
            return Layer("backends", "backends")
        name = "backends/" + folders[1]
        return Layer(name if name in RULES else "backends/*", name)
    # Longest folder prefix that has a rule (of a src/ layer: src/tests/ is not tests/).
    for n in range(len(folders), 0, -1):
        key = "/".join(folders[:n])
        if key in RULES and key not in NOT_IN_SRC:
            return Layer(key, key)
    return None


def layer_of(rel):
    """Layer of a path relative to the root; None if it is in no scanned folder or has no rule."""
    for folder, fixed in SCANNED:
        if rel.startswith(folder + "/"):
            inner = rel[len(folder) + 1:]
            if fixed is None:
                return src_layer(inner)
            if fixed == "examples":
                first = inner.split("/")[0] if "/" in inner else ""
                return Layer("examples", "examples/" + first if first else "examples")
            return Layer(fixed, fixed)
    return None


def allowed(frm, to):
    """Whether a file of layer `frm` may include a file of layer `to`."""
    if to.rule == "public" or to.own == frm.own:
        return True
    may = RULES[frm.rule][0]
    return ANY in may or to.own in may


def allowed_text(frm):
    """What a layer may include, for messages."""
    if frm.rule == "public":
        return "only include/tensorforge/*.h"
    if frm.rule == "python":
        return "only include/tensorforge/*.h and python/src/ (its own files)"
    may = RULES[frm.rule][0]
    if ANY in may:
        return "anything"
    parts = [display(m) for m in may]
    if frm.own != frm.rule or frm.rule.startswith("backends/") or frm.rule == "examples":
        parts.append(frm.own + "/ (its own folder)")
    if not parts:
        return "only itself (and include/tensorforge/*.h)"
    return "only " + ", ".join(parts) + " (and include/tensorforge/*.h)"


# ---------------------------------------------------------------------------------------------------
# Reading includes.

INCLUDE_RE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*(?:"([^"\n]+)"|<([^>\n]+)>|(\S.*))?')


def raw_prefix(text, i):
    """Whether the quote at text[i] opens a raw string literal (R"( u8R"( LR"( ...)."""
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_"):
        j -= 1
    return text[j:i] in ("R", "u8R", "uR", "UR", "LR")


def strip_comments(text):
    """The text with comments replaced by spaces (newlines kept), string and char literals kept."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "/" and i + 1 < n and text[i + 1] == "/":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c == "/" and i + 1 < n and text[i + 1] == "*":
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == '"' and raw_prefix(text, i):
            m = re.match(r'"([^ ()\\\t\n]{0,16})\(', text[i:i + 20])
            if not m:
                out.append(c)
                i += 1
                continue
            end = text.find(")" + m.group(1) + '"', i + m.end())
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))  # a raw string holds no includes
            i = j
        elif c == "'" and i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_"):
            out.append(c)  # a digit separator (1'000) or a prefix (u8'x' is handled as 'x')
            i += 1
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(text[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def includes(path):
    """[(line, kind, name)] of a file's #include lines; kind is '"', '<' or '?' (computed)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    found = []
    for lineno, line in enumerate(strip_comments(text).split("\n"), 1):
        m = INCLUDE_RE.match(line)
        if not m:
            continue
        if m.group(1) is not None:
            found.append((lineno, '"', m.group(1).strip()))
        elif m.group(2) is not None:
            found.append((lineno, "<", m.group(2).strip()))
        else:
            found.append((lineno, "?", (m.group(3) or "").strip()))
    return found


def norm(p):
    return os.path.normpath(p).replace(os.sep, "/")


def resolve(root, rel_from, kind, name):
    """Path relative to root of the included file, or None if it is not one of the project's."""
    candidates = []
    if kind == '"':
        candidates.append(norm(os.path.join(os.path.dirname(rel_from), name)))
        if rel_from.startswith("tests/"):
            candidates.append(norm(os.path.join("tests", name)))  # tests' -I tests/
    candidates += [norm(os.path.join(r, name)) for r in INCLUDE_ROOTS]
    for c in candidates:
        if not c.startswith("../") and os.path.isfile(os.path.join(root, c)):
            return c
    # Not there (yet): judge it by its spelling if it names a layer, e.g. "api/x.h" -> src/api/x.h.
    if kind == '"' and "/" in name and not name.startswith("."):
        guess = norm(os.path.join("src", name))
        if src_layer(guess[len("src/"):]) is not None:
            return guess
    return None


# ---------------------------------------------------------------------------------------------------


def scan(root):
    """Yields (rel path, layer or None) of every scanned file under root."""
    for folder, _ in SCANNED:
        top = os.path.join(root, folder)
        if not os.path.isdir(top):
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            for fn in sorted(filenames):
                if fn.endswith(EXTENSIONS):
                    rel = norm(os.path.relpath(os.path.join(dirpath, fn), root))
                    yield rel, layer_of(rel)


def check(root):
    """Returns the list of error messages for the tree at root."""
    errors = []
    for rel, frm in scan(root):
        if frm is None:
            errors.append("%s: error: no layering rule covers this file; add its folder to RULES in "
                          "scripts/check_layering.py (see DESIGN.md, \"Layers of the code\")" % rel)
            continue
        if ANY in RULES[frm.rule][0]:
            continue  # tests: anything goes, no need to read them
        for lineno, kind, name in includes(os.path.join(root, rel)):
            if kind == "?":
                errors.append("%s:%d: error: computed include '%s' cannot be checked; name the header"
                              % (rel, lineno, name))
                continue
            target = resolve(root, rel, kind, name)
            if target is None:
                continue  # a system or third-party header
            to = layer_of(target)
            if to is None:
                errors.append('%s:%d: error: includes "%s" (%s), which no layer owns; %s may include %s'
                              % (rel, lineno, name, target, display(frm.own), allowed_text(frm)))
                continue
            if not allowed(frm, to):
                errors.append('%s:%d: error: includes "%s" (%s): %s may include %s'
                              % (rel, lineno, name, display(to.own), display(frm.own),
                                 allowed_text(frm)))
    return errors


def list_rules():
    lines = []
    for key in sorted(RULES):
        may, why = RULES[key]
        if ANY in may:
            text = "anything"
        elif key == "public":
            text = "include/tensorforge/*.h only"
        else:
            own = "its own folder" if key in ("backends/*", "examples") else "itself"
            text = ", ".join([own] + [display(m) for m in may] + ["include/tensorforge/*.h"])
        name = {"backends/*": "backends/<name>", "public": "include/"}.get(key, display(key))
        lines.append("%-20s may include %s\n%-20s   (%s)" % (name, text, "", why))
    return "\n".join(lines)


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.dirname(here), help="the repository to check")
    ap.add_argument("--list-rules", action="store_true", help="print the rule table and exit")
    ap.add_argument("--quiet", action="store_true", help="print nothing when clean")
    args = ap.parse_args(argv)
    if args.list_rules:
        print(list_rules())
        return 0
    root = os.path.abspath(args.root)
    if not os.path.isdir(os.path.join(root, "src")):
        sys.stderr.write("check_layering: %s has no src/ folder\n" % root)
        return 2
    errors = check(root)
    for e in errors:
        sys.stderr.write(e + "\n")
    if errors:
        sys.stderr.write("check_layering: %d layering violation(s). The rules are the RULES table in "
                         "scripts/check_layering.py (DESIGN.md, \"Layers of the code\"); "
                         "`python3 scripts/check_layering.py --list-rules` prints them.\n" % len(errors))
        return 1
    if not args.quiet:
        print("check_layering: includes follow the layers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
