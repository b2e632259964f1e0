/**
 * Whether a Secret Service is reachable (CI runs the tests inside dbus-run-session with an
 * unlocked gnome-keyring). BURNRATE_REQUIRE_KEYCHAIN=1 (set by .ci/run) turns a missing
 * keyring into a failure instead of a skip, so CI can never pass by skipping.
 */
export const keyringAvailable = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
export const keyringRequired = process.env.BURNRATE_REQUIRE_KEYCHAIN === '1';
export const SKIP_REASON = 'no Secret Service session (run inside dbus-run-session with gnome-keyring; see .ci/run)';

if (keyringRequired && !keyringAvailable) {
  throw new Error('BURNRATE_REQUIRE_KEYCHAIN=1 but DBUS_SESSION_BUS_ADDRESS is not set');
}

/** A keychain service name private to one test run, so tests never touch real entries. */
export function testService(): string {
  return `Burnrate-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
