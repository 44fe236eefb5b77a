"""A decision taken from an analyst's layer that a newer file of theirs changed (fix11 item 3): the
unit is flagged "changed since decided" with what changed, never silently shown as kept."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from annotator.domain import curation
from annotator.domain.model import Article, ArticleBundle
from annotator.storage.project import Project
from tests.domain.test_curation import at, data_of, layers, make_project, units_by_text


def _replace_layer(project, article_id: int, analyst: str, bundle: ArticleBundle) -> None:  # noqa: ANN001
    """What re-merging a newer file of ``analyst`` does to their layer of the article."""
    from annotator.storage import layers as layer_store

    with project.writing():
        layer_store.replace_article_layer(project.db, analyst, article_id, bundle, edit="e", action="merge", by="merge", at="later")


def test_kept_by_all_then_an_analyst_relabels_it_is_changed_since_decided(tmp_path: Path) -> None:
    bundles = layers()
    project, article_id = make_project(tmp_path / "t.db", bundles)
    with project:
        project.apply(curation.accept_all_agreed(data_of(project, article_id), by="lead"))
        merkel = units_by_text(curation.align(data_of(project, article_id)))["Angela Merkel"]
        assert merkel.decision == curation.Decision.KEPT and merkel.changed == ""
        ben = bundles["ben"]
        newer = dataclasses.replace(ben, spans=[dataclasses.replace(s, label="ORG") if s.id == "b-merkel" else s for s in ben.spans])
        _replace_layer(project, article_id, "ben", newer)
        al = curation.align(data_of(project, article_id))
        merkel = units_by_text(al)["Angela Merkel"]
        assert merkel.decided and merkel.changed == "ben's PERSON «Angela Merkel» is now ORG"  # fix11t: quoted, not offsets
        assert al.changed_since_decided() == 1
        # taking a version again decides it afresh
        project.apply(curation.take(data_of(project, article_id), merkel.key, "ana", by="lead"))
        assert units_by_text(curation.align(data_of(project, article_id)))["Angela Merkel"].changed == ""


def test_a_version_gone_or_new_since_the_decision_is_named(tmp_path: Path) -> None:
    bundles = layers()
    project, article_id = make_project(tmp_path / "t.db", bundles)
    with project:
        macron = units_by_text(curation.align(data_of(project, article_id)))["Macron"]
        project.apply(curation.reject(data_of(project, article_id), macron.key, by="lead"))
        ana = bundles["ana"]
        _replace_layer(project, article_id, "ana", dataclasses.replace(ana, spans=[s for s in ana.spans if s.id != "a-macron"],
                                                                       stances=[]))
        ben = bundles["ben"]
        start, end = at("Macron")
        from annotator.domain.model import Span
        _replace_layer(project, article_id, "ben", dataclasses.replace(ben, spans=[*ben.spans, Span(
            id="b-macron2", article_id=0, start=start, end=end, label="PERSON", layer="entity")]))
        macron = units_by_text(curation.align(data_of(project, article_id)))["Macron"]
        assert macron.changed == "ana's PERSON «Macron» is gone since you rejected it; ben's PERSON «Macron» is new"  # fix11n: named



def test_annotator_agreement_lists_the_decisions_changed_since_decided(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from annotator.cli import cli

    bundles = layers()
    path = tmp_path / "t.db"
    project, article_id = make_project(path, bundles)
    with project:
        project.apply(curation.accept_all_agreed(data_of(project, article_id), by="lead"))
    run = lambda *a: CliRunner().invoke(cli, [str(x) for x in a], catch_exceptions=False)  # noqa: E731
    assert json.loads(run("agreement", path, "--json").output)["changed_since_decided"] == []
    with Project.open(path) as project:
        ben = bundles["ben"]
        _replace_layer(project, article_id, "ben", dataclasses.replace(
            ben, spans=[dataclasses.replace(s, label="ORG") if s.id == "b-merkel" else s for s in ben.spans]))
    out = run("agreement", path)
    assert "Gold decisions changed since decided (1)" in out.output
    # fix11t: the why quotes the span, so the line names it once (flag_line)
    assert f"  #{article_id} ben's PERSON «Angela Merkel» is now ORG\n" in out.output
    [row] = json.loads(run("agreement", path, "--json").output)["changed_since_decided"]
    assert (row["article_id"], row["text"], row["why"]) == (article_id, "Angela Merkel", "ben's PERSON «Angela Merkel» is now ORG")
    # the window's Agreement view computes the same document (its "Changed since decided" tab)
    from annotator.ui.agreement_dialog import compute_report, report_json_text

    assert report_json_text(compute_report(path)) == run("agreement", path, "--json").output.rstrip("\n")


def test_a_link_an_analyst_dropped_or_added_since_the_decision_is_named(tmp_path: Path) -> None:
    """gold11: the gold SPEAKER taken with ana's quote outlived her link; it is flagged now."""
    bundles = layers()
    project, article_id = make_project(tmp_path / "t.db", bundles)
    with project:
        quote = units_by_text(curation.align(data_of(project, article_id)))["the talks failed"]
        project.apply(curation.take(data_of(project, article_id), quote.key, "ana", by="lead"))
        assert units_by_text(curation.align(data_of(project, article_id)))["the talks failed"].changed == ""
        ana = bundles["ana"]
        _replace_layer(project, article_id, "ana", dataclasses.replace(ana, relations=[]))
        assert units_by_text(curation.align(data_of(project, article_id)))["the talks failed"].changed == \
            "ana's SPEAKER link from its QUOTE is gone"
        _replace_layer(project, article_id, "ana", ana)  # back as it was: nothing changed since
        assert units_by_text(curation.align(data_of(project, article_id)))["the talks failed"].changed == ""
        ben = bundles["ben"]
        _replace_layer(project, article_id, "ben", dataclasses.replace(ben, relations=[r for r in ben.relations if r.label != "CUE"]))
        assert units_by_text(curation.align(data_of(project, article_id)))["the talks failed"].changed == \
            "ben's CUE link from its QUOTE is gone"


def test_a_link_dropped_from_a_rejected_quote_asks_nothing(tmp_path: Path) -> None:
    """usertest11f: ben's newer file without his SPEAKER link flagged the QUOTE the lead had
    rejected ("ben's SPEAKER link from its QUOTE is gone"): a rejected quote's links decide nothing."""
    bundles = layers()
    project, article_id = make_project(tmp_path / "t.db", bundles)
    with project:
        quote = units_by_text(curation.align(data_of(project, article_id)))["the talks failed"]
        project.apply(curation.reject(data_of(project, article_id), quote.key, by="lead"))
        ana = bundles["ana"]
        _replace_layer(project, article_id, "ana", dataclasses.replace(ana, relations=[]))
        assert units_by_text(curation.align(data_of(project, article_id)))["the talks failed"].changed == ""


def test_a_confirms_a_kept_decision_whose_version_is_gone_while_another_analysts_is_left(tmp_path: Path) -> None:
    """usertest11f: Reuters ORG (ana) vs GPE (ben); the lead keeps ana's ORG; ana's newer file drops
    it. A refused ("the analysts do not agree here") on a row that says one analyst, and X's status
    line named ben's GPE though gold holds ORG."""
    bundles = layers()
    project, article_id = make_project(tmp_path / "t.db", bundles)
    with project:
        reuters = units_by_text(curation.align(data_of(project, article_id)))["Reuters"]
        project.apply(curation.take(data_of(project, article_id), reuters.key, "ana", by="lead"))
        ana = bundles["ana"]
        _replace_layer(project, article_id, "ana", dataclasses.replace(ana, spans=[s for s in ana.spans if s.id != "a-reuters"]))
        unit = units_by_text(curation.align(data_of(project, article_id)))["Reuters"]
        assert unit.changed == "ana's ORG «Reuters» is gone since you kept it"
        said = curation.reject(data_of(project, article_id), unit.key, by="lead").description
        assert said.startswith("Curate: reject ORG «Reuters»")  # gold's span, not ben's GPE
        edit = curation.accept_agreed(data_of(project, article_id), unit.key, by="lead")
        assert edit.description.startswith("Curate: keep the decision on ORG «Reuters» as it is (kept), though ana's ORG")
        project.apply(edit)
        after = units_by_text(curation.align(data_of(project, article_id)))["Reuters"]
        assert after.changed == "" and after.decided
        assert [(s.label, s.status.value) for s in project.spans(article_id) if not s.analyst and s.start == unit.start] == [("ORG", "accepted")]
