"""Every command module registers its commands: a broken one fails the import, it is never hidden."""
import sys

import pytest

from redline.cli import COMMANDS, app, main


def test_every_command_is_registered():
    names = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    assert set(COMMANDS) <= names
    assert {"trace", "clusters", "lineage"} <= names


def test_help_lists_every_command(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["redline", "--help"])
    with pytest.raises(SystemExit) as exc:
        main()
    out = capsys.readouterr().out
    assert exc.value.code == 0
    assert all(name in out for name in COMMANDS)
