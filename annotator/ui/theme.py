"""Light and dark themes: Fusion style, a palette, and one small style sheet for the panels."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

_STYLE = """
QLabel#panelTitle {{ font-weight: 600; color: {dim}; text-transform: uppercase; letter-spacing: 0.5px; }}
QLabel#hint, QLabel#dim {{ color: {dim}; }}
QLabel#spanText {{ font-size: {big}pt; padding: 4px 0; }}
QLabel#articleCount {{ color: {dim}; }}
QLabel#articleTitle {{ font-size: {title}pt; font-weight: 600; }}
QLabel#articleMeta {{ color: {dim}; }}
QFrame#infoBar {{ background: {info_bg}; border: 1px solid {info_border}; border-radius: 6px; }}
QFrame#findBar {{ border-top: 1px solid {line}; }}
QFrame#separator {{ color: {line}; }}
QToolButton#legendChip {{ padding: 2px 6px; border-radius: 10px; }}
QToolButton#legendChip:hover {{ background: {hover}; }}
QSplitter::handle {{ background: {line}; }}
QSplitter::handle:horizontal {{ width: 1px; }}
QSplitter::handle:vertical {{ height: 1px; }}
QStatusBar QLabel {{ padding: 0 6px; }}
"""


def dark_palette() -> QPalette:
    p = QPalette()
    window, base, alt, text = QColor("#1f2125"), QColor("#17181b"), QColor("#24262b"), QColor("#e6e6e6")
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, base)
    p.setColor(QPalette.ColorRole.AlternateBase, alt)
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor("#2b2d31"))
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, QColor("#2a2c31"))
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.BrightText, QColor("#ff6b6b"))
    p.setColor(QPalette.ColorRole.Link, QColor("#6ab0ff"))
    p.setColor(QPalette.ColorRole.Highlight, QColor("#3d6fb6"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a8f98"))
    p.setColor(QPalette.ColorRole.Mid, QColor("#3a3d43"))
    p.setColor(QPalette.ColorRole.Dark, QColor("#111214"))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b6f76"))
    return p


def light_palette() -> QPalette:
    p = QPalette()
    p.setColor(QPalette.ColorRole.Window, QColor("#f4f5f7"))
    p.setColor(QPalette.ColorRole.WindowText, QColor("#1d1f23"))
    p.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#f0f1f4"))
    p.setColor(QPalette.ColorRole.Text, QColor("#1d1f23"))
    p.setColor(QPalette.ColorRole.Button, QColor("#eceef2"))
    p.setColor(QPalette.ColorRole.ButtonText, QColor("#1d1f23"))
    p.setColor(QPalette.ColorRole.Highlight, QColor("#2f6fd0"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.Link, QColor("#1f5fbf"))
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a8f98"))
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.ToolTipText, QColor("#1d1f23"))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#a0a4ab"))
    return p


def apply_theme(app: QApplication, name: str = "light") -> None:
    """``name``: 'light', 'dark', or 'system' (keep the platform palette, still Fusion)."""
    app.setStyle("Fusion")
    dark = name == "dark"
    if name == "system":
        palette = app.style().standardPalette()
        dark = palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5
    else:
        palette = dark_palette() if dark else light_palette()
    app.setPalette(palette)
    size = app.font().pointSizeF() if app.font().pointSizeF() > 0 else 10.0
    app.setStyleSheet(
        _STYLE.format(
            dim="#9aa0a8" if dark else "#6b7078",
            line="#34373d" if dark else "#d9dce1",
            hover="#2e3136" if dark else "#e6e8ec",
            info_bg="#2c2a1f" if dark else "#fff7dc",
            info_border="#5a5230" if dark else "#ecd98b",
            big=round(size * 1.1, 1),
            title=round(size * 1.3, 1),
        )
    )
