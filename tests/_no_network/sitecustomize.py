"""Loaded by Python subprocesses of the test suite (notebook kernels, CLI runs) via PYTHONPATH.

Makes any socket connection to a non-loopback address fail, so a test that would
touch the network fails loudly instead of passing online and failing offline.
"""

import os
import socket

if os.environ.get("MARKETIMPACT_TEST_NO_NETWORK") == "1":
    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex
    _create = socket.create_connection

    def _allowed(address):
        host = address[0] if isinstance(address, tuple) else address
        return isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1", ""))

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _allowed(address):
            raise OSError(f"network access blocked in tests: {address!r}")
        return _connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _allowed(address):
            raise OSError(f"network access blocked in tests: {address!r}")
        return _connect_ex(self, address)

    def create_connection(address, *args, **kwargs):
        if not _allowed(address):
            raise OSError(f"network access blocked in tests: {address!r}")
        return _create(address, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.create_connection = create_connection
