"""What every ``kg`` command uses: the two consoles (results on stdout, messages on stderr), the one way a
command reports an error (:func:`reports_errors`: a line on stderr, exit code 1), the progress bar, and
the settings, read once per command. The command modules import this, never :mod:`cli.main`, which
imports them and adds their commands to its app (so there is no import circle)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from kg.errors import KgError, ValidationError
from kg.settings import Settings, load_settings

console = Console()
errors = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn KgError into one clear line on stderr and exit code 1 (no traceback for user errors)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ValidationError as exc:
            from cli.report import print_report

            print_report(errors, exc.report)
            errors.print(Text.assemble(("error: ", "bold red"), str(exc)), soft_wrap=True)
            raise typer.Exit(1) from None
        except KgError as exc:
            errors.print(Text.assemble(("error: ", "bold red"), str(exc)), soft_wrap=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            errors.print("[bold red]interrupted[/]: nothing was published")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar on stderr fed by (description, done, total) callbacks."""
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=errors, transient=False) as progress:
        task = progress.add_task("starting", total=1)

        def update(description: str, done: int, total: int) -> None:
            progress.update(task, description=description, completed=done, total=max(total, 1))

        yield update


def settings() -> Settings:
    return load_settings()
