"""The launch benchmark watches the UI thread for as long as the window's open-time backup runs
(launch17): at 50,000 articles the backup (a 640 MB copy and its ``quick_check``) runs 6-24 s,
and the freeze watch used to end at ``--launch-seconds`` (5 s) while it still ran, so a freeze
it caused after that was never counted."""

from __future__ import annotations

from tests.launch_child import run_launch_child

# A stand-in for the window: its "backup" runs 1.2 s from the show, and blocks the UI thread for
# 150 ms at 0.9 s (after the 0.3 s watch the benchmark was asked for, before the backup ends).
CHILD = r"""
class Guard:
    runs = 0
    def __init__(self):
        self.until = time.perf_counter() + 1.2
    def busy(self):
        if time.perf_counter() >= self.until:
            self.runs = 1
            return False
        return True

class Project:
    read_only = False

class Session:
    project = Project()

class BackingUp(QMainWindow):
    def __init__(self, *args, **kwargs):
        super().__init__()
        self.setCentralWidget(QTextEdit())
        self.session = Session()
        self.file_guard = Guard()
        QTimer.singleShot(900, lambda: time.sleep(0.15))

def run_app(project, *, window_type):
    app = QApplication.instance()
    window = window_type(None)
    window.resize(400, 300)
    window.show()
    return app.exec()

"""


def test_the_freeze_watch_lasts_until_the_open_time_backup_ends() -> None:
    result = run_launch_child(CHILD, window="BackingUp", watch=0.3)
    assert result["watched"] >= 1.0, f"the watch ended at {result['watched']:.2f} s, before the backup (1.2 s)"
    assert result["freeze"] >= 0.14, f"the 150 ms freeze at 0.9 s, while the backup ran, was not counted: {result['freeze']}"
    assert result["backup_to"] > result["backup_from"]
    assert any(backup_ran for _, gap_ms, backup_ran in result["late"] if gap_ms >= 140)
