"""The README stays true: its quickstart is what CI runs, its library example runs."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quickstart() -> list[str]:
    block = README.split("## Quickstart", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    return [line for line in block.strip().splitlines() if line.strip()]


def test_quickstart_is_two_commands_and_ci_runs_the_test_one() -> None:
    commands = quickstart()
    assert len(commands) == 2
    assert "embedresolve clean fixtures/seed/amn-kherson.jsonl" in commands[0]
    assert "pytest" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_library_example_runs(tmp_path: Path, monkeypatch) -> None:
    """The offline part of the library example (the resolver part needs the network)."""
    code = README.split("## Library", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    offline = code.split("with open_resolver", 1)[0]
    article = (ROOT / "fixtures" / "seed" / "amn-kherson.jsonl").read_text(encoding="utf-8")
    (tmp_path / "article.txt").write_text(article, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exec(compile(offline, "README.md", "exec"), {})


def test_every_command_is_documented() -> None:
    from typer.main import get_command

    from embedresolve.cli import app

    for name in get_command(app).commands:  # type: ignore[attr-defined]
        assert f"embedresolve {name}" in README
