#!/usr/bin/env bash
# Installs what building, testing and the demo need on Debian 12 (the CI image) and is a
# no-op, in well under a second, when everything is already there. Safe to run repeatedly.
#
#   scripts/setup.sh            # check, install only what is missing
#
# Runs apt-get as root, through sudo otherwise. apt-get update runs only if a package is missing.
set -euo pipefail

# Debian packages: toolchain, test framework, gzip for the demo's data reader, the demo's data set.
PACKAGES=(
    build-essential cmake ninja-build ccache libgtest-dev zlib1g-dev
    dataset-fashion-mnist python3 python3-pip
)
# Extra packages, e.g. TFORGE_EXTRA_PACKAGES="clang-format gdb" scripts/setup.sh
if [[ -n "${TFORGE_EXTRA_PACKAGES:-}" ]]; then
    read -r -a extra <<<"${TFORGE_EXTRA_PACKAGES}"
    PACKAGES+=("${extra[@]}")
fi
# Python modules, as "import name|pip requirement|minimum version": numpy for
# examples/lenet/train_lenet.py and the Python tests; pybind11 and scikit-build-core build the Python
# package (make python); pytest runs tests/python (make test).
PY_MODULES=(
    "numpy|numpy|1.20"
    # pybind11 and pybind11-stubgen pinned: tests/python/test_stubs.py compares the committed .pyi
    # stubs with what these exact versions generate.
    "pybind11|pybind11==3.1.0|3.1"
    "pybind11_stubgen|pybind11-stubgen==3.0.0|0"
    "scikit_build_core|scikit-build-core>=0.10|0.10"
    "pytest|pytest>=7|7.0"
)

log() { echo "setup: $*"; }

as_root() {
    if [[ "$(id -u)" == 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        log "need root (or sudo) to run: $*" >&2
        exit 1
    fi
}

installed() {  # dpkg says "install ok installed" only for a fully installed package
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

# ---- Debian packages
changed=0
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
    for p in "${PACKAGES[@]}"; do
        installed "$p" || missing+=("$p")
    done
else
    # Not Debian: check the commands and files we need; the user installs them.
    for c in c++ cmake ninja python3; do
        command -v "$c" >/dev/null 2>&1 || missing+=("$c")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        log "no dpkg here; please install: ${missing[*]} (and GoogleTest, zlib headers, Fashion-MNIST)" >&2
        exit 1
    fi
fi
if [[ ${#missing[@]} -gt 0 ]]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    changed=1
    for p in "${missing[@]}"; do
        installed "$p" || { log "failed to install $p" >&2; exit 1; }
    done
fi

# ---- Python modules
# Prints the entries of PY_MODULES whose module does not import or is older than its minimum
# (one Python process for all, so the no-op case stays fast).
py_missing() {
    python3 - "$@" 2>/dev/null <<'PY' || printf '%s\n' "$@"
import importlib, re, sys
def key(v):
    return tuple(int(x) for x in re.findall(r"\d+", v)[:3])
for entry in sys.argv[1:]:
    name, _, minver = entry.split("|")
    try:
        mod = importlib.import_module(name)
        ok = key(getattr(mod, "__version__", "0")) >= key(minver)
    except Exception:
        ok = False
    if not ok:
        print(entry)
PY
}
mapfile -t py_missing_entries < <(py_missing "${PY_MODULES[@]}")
for entry in "${py_missing_entries[@]}"; do
    IFS='|' read -r m req minver <<<"$entry"
    log "pip install $req"
    # Debian 12's python3 is "externally managed" (PEP 668): pip refuses without the flag.
    pip_args=(install --quiet --disable-pip-version-check --no-warn-script-location "$req")
    PIP_ROOT_USER_ACTION=ignore python3 -m pip "${pip_args[@]}" 2>/dev/null ||
        PIP_ROOT_USER_ACTION=ignore python3 -m pip "${pip_args[@]}" --break-system-packages
    changed=1
done
if [[ ${#py_missing_entries[@]} -gt 0 ]]; then
    still=$(py_missing "${PY_MODULES[@]}")
    [[ -z "$still" ]] || { log "python3 still lacks: ${still//$'\n'/, }" >&2; exit 1; }
fi

if [[ $changed == 0 ]]; then
    log "all dependencies present"
else
    log "done"
fi
