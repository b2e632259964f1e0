#!/usr/bin/env bash
# Run a command inside a private D-Bus session with an unlocked GNOME Keyring, so the
# tests use a real Secret Service without touching the desktop's own keyring.
# Usage: scripts/with-keyring.sh <command> [args...]
set -euo pipefail
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-keyring: $tool is missing (apt-get install -y dbus-x11 gnome-keyring)" >&2; exit 1; }
done
scratch=$(mktemp -d /tmp/burnrate-keyring.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/run"
chmod 700 "$scratch/run"
export HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/run" XDG_DATA_HOME="$scratch/home/.local/share"
export BURNRATE_REQUIRE_KEYCHAIN=1
# The keyring daemon prints its environment; only the unlocked secrets component is needed.
# Not exec'd: the EXIT trap must still remove the scratch folder afterwards.
status=0
dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' with-keyring "$@" || status=$?
exit "$status"
