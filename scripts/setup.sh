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
# Python modules (pip name): numpy for examples/lenet/train_lenet.py and the Python tests.
PY_MODULES=(numpy)

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
for m in "${PY_MODULES[@]}"; do
    if ! python3 -c "import $m" >/dev/null 2>&1; then
        log "pip install $m"
        # Debian 12's python3 is "externally managed" (PEP 668): pip refuses without the flag.
        pip_args=(install --quiet --disable-pip-version-check --no-warn-script-location "$m")
        PIP_ROOT_USER_ACTION=ignore python3 -m pip "${pip_args[@]}" 2>/dev/null ||
            PIP_ROOT_USER_ACTION=ignore python3 -m pip "${pip_args[@]}" --break-system-packages
        changed=1
        python3 -c "import $m" || { log "python3 still cannot import $m" >&2; exit 1; }
    fi
done

if [[ $changed == 0 ]]; then
    log "all dependencies present"
else
    log "done"
fi
