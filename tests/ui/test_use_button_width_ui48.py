"""usertest31 L3: right after a worse training run the Train panel's "Use this pipeline anyway
(worse than before)" button was cut at both ends ("his pipeline anyway (worse than be") until a
later layout pass: the longer text widened the button's size hint, but the panel and the window
were laid out for it only once the posted layout requests came round, and a paint in between drew
the new text centred in the old, narrower button. The panel is laid out as the text is set."""

from __future__ import annotations

from tests.ui.test_train_dialog import WorseTrainer, _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401

import pytest


@pytest.mark.parametrize("size", [(1400, 900), (1000, 700)])
def test_the_use_button_fits_its_text_at_once(reviewed_window, no_modals, tmp_path, size) -> None:  # noqa: ANN001, F811
    window = reviewed_window
    window.resize(*size)
    pump_until(lambda: (window.width(), window.height()) == size)
    dialog = _open_dialog(window, WorseTrainer())
    seen: list[tuple[str, int, int]] = []
    setter = dialog._set_use_button  # noqa: SLF001

    def set_and_look(result) -> None:  # noqa: ANN001 - the state change, then a look before any event
        setter(result)
        if result is not None:
            button = dialog.use_button
            shot = window.training.panel.grab()
            assert shot.save(str(tmp_path / "panel.png"))
            seen.append((button.text(), button.width(), button.sizeHint().width()))
            seen.append(("right edge", button.mapTo(dialog, button.rect().topRight()).x(),
                         window.training.panel._scroll.viewport().width()))  # noqa: SLF001

    dialog._set_use_button = set_and_look  # noqa: SLF001
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready and len(seen) == 2)
    (text, width, hint), (_edge, right, viewport) = seen
    assert "anyway" in text
    assert width >= hint, seen  # the whole text, not cut at both ends
    assert right <= viewport, seen  # and the button inside the panel
