"""usertest32 L1: the configs `annotator train` writes say the negatives keys it trained with
(`entity_rejected`, `attribution_rejected`), and `spacy train` of the kept training config keeps
the key (annotator/nlp/train_negatives.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from annotator.domain.model import Span, Status
from annotator.formats.spacy_ext import INCORRECT_SPANS_KEY
from annotator.nlp import train as T
from annotator.nlp.attribution_corpus import ATTRIBUTION_REJECTED
from annotator.nlp.pipeline import default_pipeline_name
from annotator.storage.project import Project
from tests.nlp.test_attribution import _attribution_bundles, _range

BASE = default_pipeline_name()
trained = pytest.mark.skipif(BASE is None, reason="no trained spaCy pipeline installed")
ROOT = Path(__file__).resolve().parents[2]


def _project(path: Path) -> Path:
    """Six invented articles with an accepted PERSON, a rejected ORG suggestion and quotes."""
    bundles = _attribution_bundles(6)
    for i, bundle in enumerate(bundles):
        a, b = _range("Ana Ruiz", bundle.article.text)
        c, d = _range("Critics", bundle.article.text)
        bundle.spans.append(Span(f"e{i}", 0, a, b, "PERSON", "entity"))
        bundle.spans.append(Span(f"r{i}", 0, c, d, "ORG", "entity", status=Status.REJECTED, origin="en_core_web_sm"))
    with Project.open(path) as proj:
        proj.import_bundles(bundles)
    return path


def _entry_point_dist(folder: Path) -> Path:
    """A stand-in dist-info holding pyproject's ``spacy_callbacks`` entry points, so a fresh
    ``spacy train`` finds the callback as it does once annotator is installed (the test's venv may
    have been installed before the entry point existed)."""
    group = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["spacy_callbacks"]
    dist = folder / "annotator_callbacks_probe-0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: annotator-callbacks-probe\nVersion: 0\n")
    (dist / "entry_points.txt").write_text("[spacy_callbacks]\n" + "".join(f"{k} = {v}\n" for k, v in group.items()))
    return folder


def _corpus(path: Path) -> Path:
    """A two-doc DocBin with an entity and a rejected span (invented words)."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    docs = []
    for text in ("Yesterday Ana Ruiz met Critics of the plan.", "Later Ana Ruiz told Critics nothing new."):
        doc = nlp(text)
        doc.ents = [doc.char_span(text.index("Ana"), text.index("Ana") + 8, label="PERSON")]
        doc.spans[INCORRECT_SPANS_KEY] = [doc.char_span(text.index("Critics"), text.index("Critics") + 7, label="ORG")]
        docs.append(doc)
    DocBin(docs=docs, store_user_data=True).to_disk(path)
    return path


@trained
@pytest.mark.timeout(600)
def test_written_configs_name_the_negatives_keys_and_spacy_train_keeps_them(tmp_path: Path) -> None:
    import spacy.util

    out = tmp_path / "out"
    with Project.open(_project(tmp_path / "q.db")) as proj:
        T.train(proj, out, base=BASE, max_steps=2, eval_frequency=1)
    entity = spacy.util.load_config(out / T.TRAINING_CONFIG)
    assert entity["initialize"]["after_init"] == {"@callbacks": "annotator.incorrect_spans_key.v1",
                                                  "component": "ner", "key": INCORRECT_SPANS_KEY}
    attribution = spacy.util.load_config(out / T.ATTRIBUTION_TRAINING_CONFIG)
    assert attribution["initialize"]["after_init"]["component"] == "attribution"
    assert attribution["initialize"]["after_init"]["key"] == ATTRIBUTION_REJECTED
    # the pipeline's own config: the keys in its components, as ner/cfg and attribution/cfg say
    pipeline = spacy.util.load_config(out / "config.cfg")
    assert pipeline["components"]["ner"]["incorrect_spans_key"] == INCORRECT_SPANS_KEY
    assert pipeline["components"]["attribution"]["incorrect_spans_key"] == ATTRIBUTION_REJECTED
    assert json.loads((out / "ner" / "cfg").read_text())["incorrect_spans_key"] == INCORRECT_SPANS_KEY
    assert json.loads((out / "attribution" / "cfg").read_text())["incorrect_spans_key"] == ATTRIBUTION_REJECTED
    assert not pipeline["initialize"]["after_init"]  # spacy.load never needs the training callback

    # `spacy train` of the kept config (README's rerun), in a fresh process: the key is kept
    corpus = _corpus(tmp_path / "t.spacy")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(_entry_point_dist(tmp_path / "site"))])}
    ran = subprocess.run([sys.executable, "-m", "spacy", "train", str(out / T.TRAINING_CONFIG), "--output", str(tmp_path / "re"),
                          "--paths.train", str(corpus), "--paths.dev", str(corpus), "--training.max_steps", "2",
                          "--training.eval_frequency", "1"], env=env, capture_output=True, text=True, timeout=500)
    assert ran.returncode == 0, ran.stderr[-2000:] + ran.stdout[-2000:]
    rerun = tmp_path / "re" / "model-last"
    assert json.loads((rerun / "ner" / "cfg").read_text())["incorrect_spans_key"] == INCORRECT_SPANS_KEY
    assert spacy.util.load_config(rerun / "config.cfg")["components"]["ner"]["incorrect_spans_key"] == INCORRECT_SPANS_KEY
    # and the written pipeline loads in a fresh process that never imported the callback
    code = f"import spacy; nlp = spacy.load({str(out)!r}); print(nlp.get_pipe('ner').cfg['incorrect_spans_key'])"
    loaded = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, timeout=300)
    assert loaded.returncode == 0 and loaded.stdout.strip() == INCORRECT_SPANS_KEY, loaded.stderr[-2000:]
