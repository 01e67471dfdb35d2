"""pytest configuration of the Python API tests (tests/python)."""

import pytest


def pytest_configure(config):  # noqa: ARG001
    try:
        import tensorforge  # noqa: F401
    except ImportError as e:
        raise pytest.UsageError(
            f"cannot import tensorforge ({e}); install the package first: `make python` "
            "(or python3 -m pip install --no-build-isolation .)") from e
