"""cli/terminal.py: a command's KgError is one line on stderr and exit code 1."""

from __future__ import annotations

import pytest
import typer

from cli.terminal import reports_errors
from kg.errors import StoreError


def test_a_kg_error_becomes_exit_code_1_and_a_line_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    @reports_errors
    def failing() -> None:
        raise StoreError("the store is gone")

    with pytest.raises(typer.Exit) as exited:
        failing()
    assert exited.value.exit_code == 1
    captured = capsys.readouterr()
    assert "error: the store is gone" in captured.err and captured.out == ""

