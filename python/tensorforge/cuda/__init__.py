"""The subset of ``pycuda.driver`` that TensorRT samples use, working on the CPU.

TensorForge engines run on the CPU by default, so "device" memory is host memory here:
``mem_alloc`` returns a 64-byte aligned host buffer, the ``memcpy_*`` functions copy bytes, and
streams and events complete every operation before it returns. Code written for pycuda runs with
only its imports changed::

    import tensorforge.cuda as cuda
    import tensorforge.cuda.autoinit

    h_input = cuda.pagelocked_empty(trt.volume(shape), dtype=np.float32)
    d_input = cuda.mem_alloc(h_input.nbytes)
    stream = cuda.Stream()
    cuda.memcpy_htod_async(d_input, h_input, stream)
    context.execute_async_v2(bindings=[int(d_input), int(d_output)], stream_handle=stream.handle)
    cuda.memcpy_dtoh_async(h_output, d_output, stream)
    stream.synchronize()

Copies into or out of a DeviceAllocation are bounds-checked (ValueError); raw int addresses are
trusted, as in pycuda.
"""

import ctypes
import operator
import os
import time

import numpy as np

__all__ = [
    "DeviceAllocation",
    "Device",
    "Context",
    "Error",
    "Event",
    "LogicError",
    "Stream",
    "init",
    "mem_alloc",
    "mem_get_info",
    "memcpy_dtod",
    "memcpy_dtod_async",
    "memcpy_dtoh",
    "memcpy_dtoh_async",
    "memcpy_htod",
    "memcpy_htod_async",
    "pagelocked_empty",
    "pagelocked_empty_like",
    "pagelocked_zeros",
    "pagelocked_zeros_like",
]

_ALIGNMENT = 64


class Error(Exception):
    """Base class of the errors of tensorforge.cuda (pycuda.driver.Error)."""


class LogicError(Error):
    """Misuse, e.g. a copy past the end of an allocation or use of freed memory."""


def init(flags=0):  # noqa: ARG001
    """Initializes the driver (nothing to do on the CPU)."""


# ----------------------------------------------------------------------------- memory


class DeviceAllocation:
    """``nbytes`` of "device" memory (host memory, 64-byte aligned). ``int(alloc)`` is its address,
    usable in bindings and set_tensor_address; the memory lives as long as this object (or until
    ``free()``)."""

    __slots__ = ("_buf", "_ptr", "_size", "__weakref__")

    def __init__(self, nbytes):
        nbytes = operator.index(nbytes)
        if nbytes < 0:
            raise ValueError(f"mem_alloc: cannot allocate {nbytes} bytes")
        self._buf = np.empty(nbytes + _ALIGNMENT, dtype=np.uint8)
        base = self._buf.ctypes.data
        self._ptr = base + (-base) % _ALIGNMENT
        self._size = nbytes

    @property
    def size(self):
        """Size of the allocation in bytes."""
        return self._size

    nbytes = size

    def _address(self):
        if self._buf is None:
            raise LogicError("this DeviceAllocation has been freed")
        return self._ptr

    def __int__(self):
        return self._address()

    __index__ = __int__

    def free(self):
        """Releases the memory now; later use raises LogicError."""
        self._buf = None
        self._ptr = 0

    def as_buffer(self, size):
        """A writable memoryview of the first size bytes."""
        return memoryview(self._view(size))

    def _view(self, nbytes):
        """numpy uint8 view of the first nbytes bytes (bounds-checked)."""
        self._address()
        nbytes = operator.index(nbytes)
        if nbytes < 0 or nbytes > self._size:
            raise ValueError(f"copy of {nbytes} bytes does not fit a DeviceAllocation of {self._size} bytes")
        offset = self._ptr - self._buf.ctypes.data
        return self._buf[offset:offset + nbytes]

    def __repr__(self):
        if self._buf is None:
            return "<tensorforge.cuda.DeviceAllocation (freed)>"
        return f"<tensorforge.cuda.DeviceAllocation {self._size} bytes at 0x{self._ptr:x}>"


def mem_alloc(nbytes):
    """Allocates nbytes of "device" memory (a DeviceAllocation)."""
    return DeviceAllocation(nbytes)


def mem_get_info():
    """(free, total) memory in bytes."""
    try:
        page = os.sysconf("SC_PAGE_SIZE")
        return os.sysconf("SC_AVPHYS_PAGES") * page, os.sysconf("SC_PHYS_PAGES") * page
    except (ValueError, OSError, AttributeError):
        return 0, 0


def pagelocked_empty(shape, dtype, order="C", mem_flags=0):  # noqa: ARG001
    """An uninitialized numpy array (page-locked host memory in pycuda; ordinary memory here)."""
    return np.empty(shape, dtype=dtype, order=order)


def pagelocked_zeros(shape, dtype, order="C", mem_flags=0):  # noqa: ARG001
    """A zero-filled numpy array."""
    return np.zeros(shape, dtype=dtype, order=order)


def pagelocked_empty_like(array, mem_flags=0):  # noqa: ARG001
    """An uninitialized numpy array shaped like array."""
    return np.empty_like(array)


def pagelocked_zeros_like(array, mem_flags=0):  # noqa: ARG001
    """A zero-filled numpy array shaped like array."""
    return np.zeros_like(array)


def _host_source(src):
    """A C-contiguous numpy view (or copy) of a host buffer to read from."""
    if isinstance(src, DeviceAllocation):
        raise TypeError("the source of a host-to-device copy is a host buffer (numpy array), not a DeviceAllocation")
    if isinstance(src, np.ndarray):
        return np.ascontiguousarray(src)
    try:
        return np.frombuffer(memoryview(src).cast("B"), dtype=np.uint8)
    except TypeError:
        raise TypeError(f"expected a host buffer (numpy array, bytes, ...), not {type(src).__name__}") from None


def _host_dest(dest):
    """The numpy array to write into (must be C-contiguous and writable)."""
    if isinstance(dest, DeviceAllocation):
        raise TypeError("the destination of a device-to-host copy is a host buffer (numpy array), not a DeviceAllocation")
    if not isinstance(dest, np.ndarray):
        try:
            dest = np.frombuffer(memoryview(dest).cast("B"), dtype=np.uint8)
        except TypeError:
            raise TypeError(f"expected a host buffer (numpy array, bytearray, ...), not {type(dest).__name__}") from None
    if not dest.flags.c_contiguous:
        raise ValueError("the host buffer of a copy must be C-contiguous")
    if not dest.flags.writeable:
        raise ValueError("the host buffer of a device-to-host copy must be writable")
    return dest


def _device_address(ptr, nbytes):
    """Address of nbytes of device memory, bounds-checked for a DeviceAllocation."""
    if isinstance(ptr, DeviceAllocation):
        ptr._view(nbytes)  # raises if it does not fit or was freed
        return int(ptr)
    if isinstance(ptr, np.ndarray):
        raise TypeError("device memory is a DeviceAllocation or an int address, not a numpy array")
    address = operator.index(ptr)
    if address <= 0 and nbytes > 0:
        raise ValueError(f"invalid device address {address}")
    return address


def memcpy_htod(dest, src):
    """Copies the host buffer src (all of it) to the device memory dest."""
    src = _host_source(src)
    if src.nbytes:
        ctypes.memmove(_device_address(dest, src.nbytes), src.ctypes.data, src.nbytes)


def memcpy_dtoh(dest, src):
    """Copies device memory src into the host buffer dest (dest.nbytes bytes)."""
    dest = _host_dest(dest)
    if dest.nbytes:
        ctypes.memmove(dest.ctypes.data, _device_address(src, dest.nbytes), dest.nbytes)


def memcpy_dtod(dest, src, size):
    """Copies size bytes between device allocations."""
    size = operator.index(size)
    if size:
        ctypes.memmove(_device_address(dest, size), _device_address(src, size), size)


def memcpy_htod_async(dest, src, stream=None):  # noqa: ARG001
    """memcpy_htod on a stream (complete when it returns)."""
    memcpy_htod(dest, src)


def memcpy_dtoh_async(dest, src, stream=None):  # noqa: ARG001
    """memcpy_dtoh on a stream (complete when it returns)."""
    memcpy_dtoh(dest, src)


def memcpy_dtod_async(dest, src, size, stream=None):  # noqa: ARG001
    """memcpy_dtod on a stream (complete when it returns)."""
    memcpy_dtod(dest, src, size)


# ----------------------------------------------------------------------------- streams and events


class Stream:
    """A stream. Work on the CPU completes before the call that issued it returns, so
    ``synchronize()`` has nothing to wait for. ``handle`` (0, the default stream) is what
    ``execute_async_v3(stream_handle=...)`` takes."""

    def __init__(self, flags=0):
        self.flags = flags

    @property
    def handle(self):
        """The stream's handle (an int)."""
        return 0

    def __int__(self):
        """The handle, so a Stream can be passed where a stream handle is expected."""
        return self.handle

    def synchronize(self):
        """Waits for the work issued on the stream (already complete on the CPU)."""

    def is_done(self):
        """Whether all work issued on the stream has completed (always True on the CPU)."""
        return True

    def wait_for_event(self, event):  # noqa: ARG002
        """Makes later work wait for event (nothing to wait for on the CPU)."""

    def __repr__(self):
        return "<tensorforge.cuda.Stream (CPU: synchronous)>"


class Event:
    """A point in time on a stream, for timing: ``end.time_since(start)`` is in milliseconds."""

    def __init__(self, flags=0):
        self.flags = flags
        self._t = None

    def record(self, stream=None):  # noqa: ARG002
        """Records the current time."""
        self._t = time.perf_counter()
        return self

    def synchronize(self):
        """Waits for the event (already complete on the CPU)."""
        return self

    def query(self):
        """Whether the event has completed."""
        return True

    def time_since(self, event):
        """Milliseconds from event to this event."""
        if self._t is None or event._t is None:
            raise LogicError("both events must be recorded")
        return (self._t - event._t) * 1000.0

    def time_till(self, event):
        """Milliseconds from this event to event."""
        return event.time_since(self)


# ----------------------------------------------------------------------------- devices and contexts


class Device:
    """The device memory lives on: the CPU."""

    def __init__(self, number=0):
        number = operator.index(number)
        if number != 0:
            raise LogicError(f"there is one device (the CPU); got device number {number}")
        self.number = number

    @staticmethod
    def count():
        """Number of devices (1)."""
        return 1

    def name(self):
        """The device's name."""
        return "TensorForge CPU"

    def compute_capability(self):
        """(major, minor); (0, 0) for the CPU."""
        return (0, 0)

    def total_memory(self):
        """Bytes of memory."""
        return mem_get_info()[1]

    def make_context(self, flags=0):  # noqa: ARG002
        """A context on this device, made current."""
        ctx = Context(self)
        ctx.push()
        return ctx

    def __repr__(self):
        return "<tensorforge.cuda.Device 0 (CPU)>"


class Context:
    """A device context (nothing to manage on the CPU; kept for pycuda code)."""

    _stack = []

    def __init__(self, device=None):
        self._device = device or Device(0)

    def push(self):
        Context._stack.append(self)

    @staticmethod
    def pop():
        if Context._stack:
            Context._stack.pop()

    @staticmethod
    def synchronize():
        """Waits for all work (already complete on the CPU)."""

    @staticmethod
    def get_current():
        return Context._stack[-1] if Context._stack else None

    @staticmethod
    def get_device():
        return Device(0)

    def detach(self):
        if self in Context._stack:
            Context._stack.remove(self)
