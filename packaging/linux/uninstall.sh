#!/bin/sh
# Remove what install.sh installed for the current user. Your projects and preferences
# (~/.local/share/annotator, ~/.config/Annotator) are kept: delete them yourself if you want.
set -eu
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
APP_DIR=$HOME/.local/opt/annotator
BIN_DIR=$HOME/.local/bin

if [ -L "$BIN_DIR/annotator" ] && [ "$(readlink "$BIN_DIR/annotator")" = "$APP_DIR/annotator" ]; then
    rm -f "$BIN_DIR/annotator"
fi
rm -f "$DATA/applications/annotator.desktop"
find "$DATA/icons/hicolor" -path '*/apps/annotator.png' -delete 2>/dev/null || true
find "$DATA/icons/hicolor" -path '*/apps/annotator.svg' -delete 2>/dev/null || true
rm -rf "$APP_DIR"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
echo "Annotator removed. Your projects and preferences are kept (~/.local/share/annotator, ~/.config/Annotator)."
