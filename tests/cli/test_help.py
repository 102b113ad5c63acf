"""Help text reads as plain words: no type labels, no RST markup, nothing cut off."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from embedresolve.cli import app

runner = CliRunner()
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def help_of(*command: str) -> str:
    result = runner.invoke(app, [*command, "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_command_is_checked() -> None:
    assert COMMANDS == ["archive-media", "clean", "report", "resolve", "restore", "scan", "schema"]


@pytest.mark.parametrize("command", [[], *([name] for name in COMMANDS)])
def test_help_has_no_type_labels_markup_or_cuts(command: list[str]) -> None:
    text = help_of(*command)
    assert not re.search(r"<[a-z][\w\[\] ]*>", text), "a type label such as <str>"
    assert "{" not in text and "``" not in text, "typer's {ARG} or RST backticks"
    assert "…" not in text and "..." not in text.replace("COMMAND [ARGS]...", ""), "something cut off"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_default_is_shown_whole(name: str) -> None:
    text = " ".join(help_of(name).split())
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    shown = [
        (param.name, param.default)
        for param in command.params
        if getattr(param, "show_default", False) and param.default not in (None, False, "")
    ]
    for param_name, default in shown:
        assert f"default: {default}" in text, (param_name, default)
    assert shown or name == "schema"


@pytest.mark.parametrize("name", COMMANDS)
def test_the_command_list_gives_each_first_sentence_whole(name: str) -> None:
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    first = (command.help or "").split("\n\n", 1)[0].strip()
    assert first in " ".join(help_of().split())
