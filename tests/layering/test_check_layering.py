#!/usr/bin/env python3
"""Self-test of scripts/check_layering.py on small fixture trees written to a temporary folder.

    python3 tests/layering/test_check_layering.py        (ctest: layering_selftest)
"""

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "scripts", "check_layering.py")

# A tree that follows the rules: one file per layer, each including what it may.
CLEAN = {
    "include/tensorforge/types.h": "#pragma once\n",
    "include/tensorforge/api.h": '#include "tensorforge/types.h"\n',
    "src/common/diag.h": '#include "tensorforge/types.h"\n#include <vector>\n',
    "src/ir/graph.h": '#include "common/diag.h"\n',
    "src/ir/shape_inference.h": '#include "ir/graph.h"\n',
    "src/ir/shape/shape_common.h": '#include "ir/shape_inference.h"\n',
    "src/plan/plan_file.h": '#include "ir/graph.h"\n',
    "src/passes/pass.h": '#include "ir/graph.h"\n#include "common/diag.h"\n',
    "src/backends/backend.h": '#include "ir/shape_inference.h"\n',
    "src/backends/registry.h": '#include "backends/backend.h"\n',
    "src/backends/reference/ref.h": '#include "backends/backend.h"\n',
    "src/backends/reference/ref.cpp": '#include "ref.h"\n#include "backends/registry.h"\n',
    "src/backends/cpu/cpu.cpp": '#include "backends/registry.h"\n#include "backends/cpu/sub/simd.h"\n',
    "src/backends/cpu/sub/simd.h": '#include "../../backend.h"\n',
    "src/backends/testdev/test.cpp": '#include "backends/reference/ref.h"\n',
    "src/builder/build.cpp": '#include "passes/pass.h"\n#include "plan/plan_file.h"\n'
                             '#include "backends/registry.h"\n',
    "src/runtime/engine.cpp": '#include "plan/plan_file.h"\n#include "backends/registry.h"\n',
    "src/api/builder_config.h": '#include "tensorforge/api.h"\n',
    "src/api/builder.cpp": '#include "api/builder_config.h"\n#include "ir/shape/shape_common.h"\n',
    "python/src/common.h": '#include "tensorforge/api.h"\n#include <nanobind/nanobind.h>\n',
    "python/src/module.cpp": '#include "common.h"\n',
    "examples/demo/main.cpp": '#include "util.h"\n#include "tensorforge/api.h"\n',
    "examples/demo/util.h": "",
    "tests/unit/t.cpp": '#include "api/builder_config.h"\n#include "backends/cpu/sub/simd.h"\n',
}


def run_checker(files):
    with tempfile.TemporaryDirectory() as root:
        for rel, text in files.items():
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        p = subprocess.run([sys.executable, SCRIPT, "--root", root], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True)
        return p.returncode, p.stderr


class CheckLayering(unittest.TestCase):
    def assertViolations(self, extra, expected):
        files = dict(CLEAN)
        files.update(extra)
        rc, err = run_checker(files)
        self.assertEqual(rc, 1, err)
        lines = [l for l in err.splitlines() if ": error: " in l]
        self.assertEqual(len(lines), len(expected), err)
        for line, want in zip(lines, expected):
            self.assertIn(want, line)

    def test_clean_tree_passes(self):
        rc, err = run_checker(CLEAN)
        self.assertEqual(rc, 0, err)

    def test_runtime_may_not_include_api(self):
        self.assertViolations(
            {"src/runtime/x.cpp": '#include <string>\n\n#include "api/builder_config.h"\n'},
            ['src/runtime/x.cpp:3: error: includes "api/builder_config.h" (api): runtime may include '
             'only common, ir, plan, backends interfaces'])

    def test_every_spelling_is_resolved(self):
        self.assertViolations(
            {"src/runtime/x.cpp": '#include "../builder/b.h"\n#  include <passes/pass.h>\n',
             "src/builder/b.h": ""},
            ['src/runtime/x.cpp:1: error: includes "../builder/b.h" (builder)',
             'src/runtime/x.cpp:2: error: includes "passes/pass.h" (passes)'])

    def test_comments_and_raw_strings_are_not_includes(self):
        rc, err = run_checker(dict(CLEAN, **{"src/runtime/x.cpp": textwrap.dedent('''\
            // #include "api/builder_config.h"
            /* a comment
            #include "api/builder_config.h"
            */
            const char* s = R"x(
            #include "api/builder_config.h"
            )x";
            int n = 1'000'000; // '
            ''')}))
        self.assertEqual(rc, 0, err)

    def test_backends_see_only_interfaces_and_own_folder(self):
        self.assertViolations(
            {"src/backends/cpu/k.cpp": '#include "backends/reference/ref.h"\n#include "plan/plan_file.h"\n',
             "src/builder/t.cpp": '#include "backends/cpu/sub/simd.h"\n',
             "src/api/d.cpp": '#include "backends/reference/ref.h"\n'},
            ['src/api/d.cpp:1: error: includes "backends/reference/ref.h" (backends/reference): api',
             'src/backends/cpu/k.cpp:1: error: includes "backends/reference/ref.h" (backends/reference): '
             'backends/cpu may include only common, ir, backends interfaces, backends/cpu/ (its own folder)',
             'src/backends/cpu/k.cpp:2: error: includes "plan/plan_file.h" (plan)',
             'src/builder/t.cpp:1: error: includes "backends/cpu/sub/simd.h" (backends/cpu): builder'])

    def test_public_headers_and_bindings_see_only_the_public_api(self):
        self.assertViolations(
            {"include/tensorforge/bad.h": '#include "ir/graph.h"\n',
             "python/src/net.cpp": '#include "common.h"\n#include "common/diag.h"\n'},
            ['include/tensorforge/bad.h:1: error: includes "ir/graph.h" (ir): include/tensorforge/*.h '
             'may include only include/tensorforge/*.h',
             'python/src/net.cpp:2: error: includes "common/diag.h" (common): python/src may include '
             'only include/tensorforge/*.h and python/src/'])

    def test_missing_header_is_judged_by_its_name_and_unknown_folders_fail(self):
        self.assertViolations(
            {"src/ir/x.cpp": '#include "builder/not_there.h"\n#include MACRO_HEADER\n',
             "src/parsers/onnx.cpp": "", "src/tests/t.cpp": '#include "api/builder_config.h"\n'},
            ['src/ir/x.cpp:1: error: includes "builder/not_there.h" (builder): ir may include only common',
             "src/ir/x.cpp:2: error: computed include 'MACRO_HEADER' cannot be checked",
             "src/parsers/onnx.cpp: error: no layering rule covers this file",
             "src/tests/t.cpp: error: no layering rule covers this file"])


if __name__ == "__main__":
    unittest.main()
