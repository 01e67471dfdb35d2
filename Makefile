# TensorForge developer entry points. `make demo` and `make test` are all most people need.
#
#   make demo    install what is missing, build, run the LeNet / Fashion-MNIST demo, install the Python package
#   make test    install what is missing, build everything (-Werror), run every test (pytest, then ctest)
#   make build   configure + build everything in build/
#   make python  build and install the Python package `tensorforge` (pip install ., built in build/python)
#   make asan    build in build-asan/ with ASan+UBSan and run the tests
#   make tsan    build in build-tsan/ with TSan and run the tests
#   make format  clang-format every C++ file in place (make format-check: only report)
#   make clean   remove build/, build-asan/, build-tsan/
#
# Variables: JOBS (parallel jobs, default: number of cores), WERROR (ON/OFF, default ON),
# BUILD_TYPE (default Release), CMAKE_ARGS (extra cmake arguments).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
WERROR ?= ON
BUILD_TYPE ?= Release
CMAKE_ARGS ?=

# configure <dir> <cmake args...>: (re)configure with Ninja; a dir set up by another generator is recreated.
# GoogleTest cases are listed when ctest runs (PRE_TEST), not right after linking: running a test
# binary the moment it is linked, beside parallel jobs, fails now and then with "Text file busy".
define configure
	@if [[ -f $(1)/CMakeCache.txt ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$$' $(1)/CMakeCache.txt; then \
	    echo "make: $(1) was configured with another generator; recreating it"; rm -rf $(1); fi
	cmake -S . -B $(1) -G Ninja -DTFORGE_WERROR=$(WERROR) -DCMAKE_GTEST_DISCOVER_TESTS_DISCOVERY_MODE=PRE_TEST \
	    $(2) $(CMAKE_ARGS) >/dev/null
endef

# ctest <dir> [<command prefix>]: runs every test; ctest's summary line is printed last.
ctest_cmd = $(2) ctest --test-dir $(1) --output-on-failure --no-tests=error -j$(JOBS) 2>&1 | \
    awk '/tests passed, [0-9]+ tests? failed out of/ { s = $$0; next } { print; fflush() } END { if (s != "") print s }'
define ctest
	$(call ctest_cmd,$(1),$(2))
endef

# TSan maps memory at fixed addresses; high-entropy ASLR (recent kernels) breaks it, so run
# without address randomization where the system lets us.
NO_ASLR := $(shell setarch "$$(uname -m)" -R true >/dev/null 2>&1 && echo 'setarch $$(uname -m) -R')

export ASAN_OPTIONS ?= detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS ?= halt_on_error=1:second_deadlock_stack=1

.PHONY: help setup configure build demo test python pytest asan tsan format format-check clean

help:
	@sed -n '3,10s/^# //p' $(firstword $(MAKEFILE_LIST))

setup:
	@scripts/setup.sh

configure: setup
	$(call configure,build,-DCMAKE_BUILD_TYPE=$(BUILD_TYPE))

build: configure
	cmake --build build -j$(JOBS)

demo: configure
	cmake --build build -j$(JOBS) --target lenet
	@$(MAKE) --no-print-directory python
	./build/examples/lenet/lenet --plan build/lenet.plan

# The Python package: scikit-build-core drives CMake in build/python (kept between runs, so a
# re-install rebuilds only what changed; ccache shares objects with build/).
PIP_INSTALL = PIP_ROOT_USER_ACTION=ignore CMAKE_BUILD_PARALLEL_LEVEL=$(JOBS) python3 -m pip install \
	--no-build-isolation --disable-pip-version-check --quiet --config-settings=cmake.define.TFORGE_WERROR=$(WERROR)

python: setup
	@echo "make: installing the Python package tensorforge (pip install .)"
	$(PIP_INSTALL) .
	@python3 -c "import tensorforge, sys; print('make: python3 -c \"import tensorforge\" works (tensorforge', tensorforge.__version__ + ')')"

# tests/python (needs `make python` first); pytest's exit status is make's.
pytest:
	python3 -m pytest tests/python -q -p no:cacheprovider

# The Python tests run first and ctest last, so that the last line printed is ctest's summary
# (CI reads it); both always run, and make fails if either failed.
test: build
	@$(MAKE) --no-print-directory python
	@status=0; $(MAKE) --no-print-directory pytest || status=1; \
	    echo "ctest --test-dir build --output-on-failure --no-tests=error -j$(JOBS)"; \
	    $(call ctest_cmd,build) || status=1; exit $$status

asan: setup
	$(call configure,build-asan,-DCMAKE_BUILD_TYPE=RelWithDebInfo -DTFORGE_SANITIZE=address)
	cmake --build build-asan -j$(JOBS)
	$(call ctest,build-asan)

tsan: setup
	$(call configure,build-tsan,-DCMAKE_BUILD_TYPE=RelWithDebInfo -DTFORGE_SANITIZE=thread)
	$(NO_ASLR) cmake --build build-tsan -j$(JOBS)
	$(call ctest,build-tsan,$(NO_ASLR))

FORMAT_FILES = $(shell git ls-files '*.h' '*.hpp' '*.cpp' '*.cc' '*.cu' '*.cuh')

format:
	clang-format -i $(FORMAT_FILES)

format-check:
	clang-format --dry-run -Werror $(FORMAT_FILES)

clean:
	rm -rf build build-asan build-tsan
