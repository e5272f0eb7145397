import socket

import pytest


def test_guard_blocks_outside_connections():
    with pytest.raises(OSError, match="blocked"):
        socket.create_connection(("93.184.215.14", 443), timeout=1)


def test_yahoo_source_fails_fast_offline():
    import time

    from marketimpact.errors import NetworkUnavailableError
    from marketimpact.prices.yahoo import check_network

    t = time.perf_counter()
    with pytest.raises(NetworkUnavailableError, match="offline"):
        check_network()
    assert time.perf_counter() - t < 20.0  # only a hang fails this (the hang it guards against is 30 s)
