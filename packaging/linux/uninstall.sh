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
rm -f "$DATA/applications/annotator.desktop" "$DATA/mime/packages/annotator.xml"
find "$DATA/icons/hicolor" -path '*/apps/annotator.png' -delete 2>/dev/null || true
find "$DATA/icons/hicolor" -path '*/apps/annotator.svg' -delete 2>/dev/null || true
# The folders install.sh made for the icons, when nothing else is in them (rmdir keeps any other's).
for dir in "$DATA"/icons/hicolor/*/apps; do
    rmdir "$dir" "$(dirname "$dir")" 2>/dev/null || true
done
rm -rf "$APP_DIR"
rmdir "$HOME/.local/opt" 2>/dev/null || true
# Refresh the caches install.sh refreshed, so neither still lists Annotator (-f: the icon cache
# tool skips a cache no older than its folder, to the second, and so missed a quick reinstall).
# The file-type cache is rebuilt from what is left in mime/packages (emptied: the cache goes too).
if [ -d "$DATA/mime/packages" ]; then
    rmdir "$DATA/mime/packages" 2>/dev/null || true
    if [ -d "$DATA/mime/packages" ]; then
        command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$DATA/mime" >/dev/null 2>&1 || true
    else
        # Nothing else registered a type here: remove the cache files install.sh's refresh wrote.
        find "$DATA/mime" -mindepth 1 -delete 2>/dev/null || true
        rmdir "$DATA/mime" 2>/dev/null || true
    fi
fi
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/icon-theme.cache" ] \
    && gtk-update-icon-cache -q -f -t "$DATA/icons/hicolor" || true
echo "Annotator removed. Your projects and preferences are kept (~/.local/share/annotator, ~/.config/Annotator)."
