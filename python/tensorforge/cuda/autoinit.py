"""``import tensorforge.cuda.autoinit``: pycuda.autoinit's counterpart. Creates a context on the
(only) device and makes it current; ``device`` and ``context`` are the objects it made."""

import atexit

from . import Device, init

init()
device = Device(0)
context = device.make_context()
atexit.register(context.pop)
