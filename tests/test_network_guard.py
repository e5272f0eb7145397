import socket

import pytest


def test_guard_blocks_outside_connections():
    with pytest.raises(OSError, match="blocked"):
        socket.create_connection(("93.184.215.14", 443), timeout=1)


def test_yahoo_source_fails_fast_offline(monkeypatch):
    from marketimpact.errors import NetworkUnavailableError
    from marketimpact.prices import yahoo

    def probe(timeout):
        raise AssertionError("offline mode must not probe the network")

    monkeypatch.setattr(yahoo, "_probe", probe)  # fast by construction: nothing that can wait is called
    with pytest.raises(NetworkUnavailableError, match="offline"):
        yahoo.check_network()
