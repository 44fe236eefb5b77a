"""usertest14 F5: SIGTERM to ``preannotate`` said "Interrupted: …" while every other command says
"Terminated (SIGTERM)". One wording for every command: "Terminated (SIGTERM)" for SIGTERM,
"Interrupted" for Ctrl+C, in the line about what was saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import Terminated, cli, nlp, stop_word
from annotator.nlp.runner import PreannotationInterrupted, RunResult
from annotator.domain.model import Article
from annotator.storage.project import Project


def _from(cause: KeyboardInterrupt) -> KeyboardInterrupt:
    try:
        try:
            raise cause
        except KeyboardInterrupt as exc:
            raise PreannotationInterrupted(RunResult("rules")) from exc
    except PreannotationInterrupted as stop:
        return stop


def test_stop_word_follows_the_signal() -> None:
    assert stop_word(Terminated()) == "Terminated (SIGTERM)"
    assert stop_word(KeyboardInterrupt()) == "Interrupted"
    assert stop_word(_from(Terminated())) == "Terminated (SIGTERM)"  # pre-annotation's own stop, raised from it
    assert stop_word(_from(KeyboardInterrupt())) == "Interrupted"


@pytest.mark.parametrize(("raised", "word"), [(Terminated, "Terminated (SIGTERM)"), (KeyboardInterrupt, "Interrupted")])
def test_preannotate_says_the_signal_as_other_commands_do(tmp_path: Path, monkeypatch, raised, word) -> None:  # noqa: ANN001
    project = tmp_path / "p.db"
    with Project.open(project) as proj:
        for n in range(2):
            proj.add_article(Article(None, f"Invented text {n}."))

    def stopped(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise raised()

    monkeypatch.setattr(nlp, "_preannotate_held", stopped)
    result = CliRunner().invoke(cli, ["preannotate", str(project)])
    assert result.exit_code == 130, result.output
    # stopped before the run counted the articles to do: nothing saved, and the stop counts them
    # itself (usertest33 L2: the not-done clause was left out)
    assert result.output.strip() == f"{word}: 0 articles saved, 2 not done; run the same command again to continue."
