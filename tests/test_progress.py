import io
import sys

from marketimpact._progress import progress, progress_enabled


def test_quiet_without_a_terminal(monkeypatch):
    buf = io.StringIO()
    monkeypatch.setattr(sys, "stderr", buf)
    assert not progress_enabled()
    assert list(progress(range(5), total=5, desc="x")) == [0, 1, 2, 3, 4]
    assert buf.getvalue() == ""


def test_bar_when_asked(monkeypatch):
    buf = io.StringIO()
    monkeypatch.setattr(sys, "stderr", buf)
    assert list(progress(range(3), total=3, desc="events", enabled=True)) == [0, 1, 2]
    assert "events" in buf.getvalue()


def test_env_switch(monkeypatch):
    monkeypatch.setenv("MARKETIMPACT_NO_PROGRESS", "1")
    assert not progress_enabled()
