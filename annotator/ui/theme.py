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


_DARK = {
    "Window": "#1f2125", "WindowText": "#e6e6e6", "Base": "#17181b", "AlternateBase": "#24262b",
    "ToolTipBase": "#2b2d31", "ToolTipText": "#e6e6e6", "Text": "#e6e6e6", "Button": "#2a2c31",
    "ButtonText": "#e6e6e6", "BrightText": "#ff6b6b", "Link": "#6ab0ff", "Highlight": "#3d6fb6",
    "HighlightedText": "#ffffff", "PlaceholderText": "#8a8f98", "Mid": "#3a3d43", "Dark": "#111214",
}
_LIGHT = {
    "Window": "#f4f5f7", "WindowText": "#1d1f23", "Base": "#ffffff", "AlternateBase": "#f0f1f4",
    "Text": "#1d1f23", "Button": "#eceef2", "ButtonText": "#1d1f23", "Highlight": "#2f6fd0",
    "HighlightedText": "#ffffff", "Link": "#1f5fbf", "PlaceholderText": "#8a8f98",
    "ToolTipBase": "#ffffff", "ToolTipText": "#1d1f23",
}


def _palette(colours: dict[str, str], disabled_text: str) -> QPalette:
    p = QPalette()
    for role, colour in colours.items():
        p.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled_text))
    return p


def dark_palette() -> QPalette:
    return _palette(_DARK, "#6b6f76")


def light_palette() -> QPalette:
    return _palette(_LIGHT, "#a0a4ab")


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
