"""fix11ak N8 (usertest11r): a merge's line for a stance whose polarity changed said "for→neutral"
(the reading word of "+ stance X for «y»" abbreviating favor); it names both polarities."""

from __future__ import annotations

import pytest

from annotator.storage.layer_changes import _stance

pytestmark = pytest.mark.timeout(30)


@pytest.mark.parametrize(("was", "now"), [("favor", "neutral"), ("against", "favor"), ("neutral", "against")])
def test_a_polarity_change_names_both_polarities(was: str, now: str) -> None:
    before = {"holder": "Lena Varga", "target": "ferry fares", "polarity": was, "status": "accepted"}
    after = {**before, "polarity": now}
    assert _stance(before, after) == (0, f"stance Lena Varga on «ferry fares»: {was} → {now}")
