"""The committed type stubs (python/tensorforge/**/*.pyi) are what python/gen_stubs.py writes for
the installed bindings: a binding added or changed without regenerating the stubs fails here, with
the diff and the command that regenerates them."""

import difflib
import importlib.metadata
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEN_STUBS = os.path.join(REPO, "python", "gen_stubs.py")
PKG = os.path.join(REPO, "python", "tensorforge")
# The version the committed stubs were written with; another one may word them differently.
STUBGEN_VERSION = "3.0.0"
REGENERATE = ("make python && python3 -m pip install pybind11-stubgen=={v} && python3 python/gen_stubs.py"
              .format(v=STUBGEN_VERSION))
MAX_DIFF_LINES = 200


def _stubs(root):
    out = {}
    for folder, _, files in os.walk(root):
        for name in files:
            if name.endswith(".pyi"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as f:
                    out[os.path.relpath(path, root)] = f.read()
    return out


def test_committed_stubs_match_the_bindings(tmp_path):
    pytest.importorskip(
        "pybind11_stubgen",
        reason=f"pybind11-stubgen is not installed (python3 -m pip install pybind11-stubgen=={STUBGEN_VERSION})")
    out = tmp_path / "stubs"
    # cwd: a folder without a tensorforge/ beside it, so the installed package is the one described.
    res = subprocess.run([sys.executable, GEN_STUBS, "--out", str(out)], cwd=tmp_path, capture_output=True,
                         text=True, timeout=600, check=False)
    assert res.returncode == 0, f"python/gen_stubs.py failed:\n{res.stdout}\n{res.stderr}"
    generated, committed = _stubs(out), _stubs(PKG)
    assert generated, f"python/gen_stubs.py wrote no stubs:\n{res.stdout}"

    problems = []
    for rel in sorted(set(generated) | set(committed)):
        if rel not in committed:
            problems.append(f"python/tensorforge/{rel} is missing (the bindings have it)")
        elif rel not in generated:
            problems.append(f"python/tensorforge/{rel} is committed but the bindings no longer produce it")
        elif generated[rel] != committed[rel]:
            diff = list(difflib.unified_diff(committed[rel].splitlines(), generated[rel].splitlines(),
                                             f"python/tensorforge/{rel} (committed)",
                                             f"python/tensorforge/{rel} (from the installed bindings)",
                                             lineterm=""))
            if len(diff) > MAX_DIFF_LINES:
                diff = diff[:MAX_DIFF_LINES] + [f"... {len(diff) - MAX_DIFF_LINES} more diff lines"]
            problems.append("\n".join(diff))
    try:
        version = importlib.metadata.version("pybind11-stubgen")
    except importlib.metadata.PackageNotFoundError:
        version = None
    hint = ""
    if version and version != STUBGEN_VERSION:
        hint = (f"\n(note: pybind11-stubgen {version} is installed; the committed stubs were written with "
                f"{STUBGEN_VERSION}, whose output may differ in form)")
    if problems:
        pytest.fail("the committed .pyi stubs do not match the installed bindings (if you changed python/, "
                    f"reinstall first); regenerate them with:\n    {REGENERATE}{hint}\n\n" + "\n\n".join(problems),
                    pytrace=False)
