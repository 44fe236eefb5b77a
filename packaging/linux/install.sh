#!/bin/sh
# Install Annotator for the current user (no root, no Python needed):
#   the application  -> ~/.local/opt/annotator/
#   the command      -> ~/.local/bin/annotator (a link)
#   the menu entry   -> ~/.local/share/applications/annotator.desktop
#   the icons        -> ~/.local/share/icons/hicolor/*/apps/annotator.{png,svg}
#   the file type    -> ~/.local/share/mime/packages/annotator.xml (projects open in Annotator from
#                       a file manager; other SQLite files do not)
# Run it from the unpacked archive: ./install.sh   (./uninstall.sh removes all of it again)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
APP_DIR=$HOME/.local/opt/annotator
BIN_DIR=$HOME/.local/bin

if [ ! -x "$HERE/annotator/annotator" ]; then
    echo "Error: $HERE/annotator/annotator not found; run install.sh from the unpacked archive" >&2
    exit 1
fi

mkdir -p "$HOME/.local/opt" "$BIN_DIR" "$DATA/applications" "$DATA/mime/packages"
# Replace a previous version whole: files of an older build must not mix with this one.
rm -rf "$APP_DIR.new"
cp -a "$HERE/annotator" "$APP_DIR.new"
cp "$HERE/uninstall.sh" "$APP_DIR.new/uninstall.sh"
rm -rf "$APP_DIR"
mv "$APP_DIR.new" "$APP_DIR"
ln -sf "$APP_DIR/annotator" "$BIN_DIR/annotator"

# The menu entry runs the installed executable by its full path: ~/.local/bin is not on every
# desktop session's PATH. TryExec (a path, not quoted) hides the entry if the folder is deleted.
sed -e "s|^Exec=annotator|Exec=\"$APP_DIR/annotator\"|" -e "s|^TryExec=annotator\$|TryExec=$APP_DIR/annotator|" \
    "$HERE/share/applications/annotator.desktop" > "$DATA/applications/annotator.desktop"
(cd "$HERE/share/icons" && find hicolor -name 'annotator.*') | while read -r icon; do
    mkdir -p "$DATA/icons/$(dirname "$icon")"
    cp "$HERE/share/icons/$icon" "$DATA/icons/$icon"
done

cp "$HERE/share/mime/packages/annotator.xml" "$DATA/mime/packages/annotator.xml"

# Refresh the file-type, menu and icon caches where the tools exist (desktops also notice on their own).
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$DATA/mime" >/dev/null 2>&1 || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -f -t "$DATA/icons/hicolor" || true

echo "Annotator installed in $APP_DIR; start it from the applications menu or with: $BIN_DIR/annotator"
case ":$PATH:" in *":$BIN_DIR:"*) ;; *) echo "($BIN_DIR is not on your PATH; add it to run 'annotator' by name)";; esac
echo "To check it: $BIN_DIR/annotator --selftest    To remove it: $APP_DIR/uninstall.sh"
