import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyLaunchAtLogin, autostartEntry, startedAtLogin } from '../../../src/core/desktop/login-item.ts';
import { tempDir } from '../../helpers/tmp.ts';

describe('launch at login', () => {
  it('uses the login item on macOS and Windows, starting hidden', () => {
    for (const platform of ['darwin', 'win32']) {
      const calls: unknown[] = [];
      applyLaunchAtLogin(true, {
        platform,
        setLoginItemSettings: (s) => calls.push(s),
        env: {},
        execPath: '/x',
        homeDir: '/nonexistent',
      });
      applyLaunchAtLogin(false, {
        platform,
        setLoginItemSettings: (s) => calls.push(s),
        env: {},
        execPath: '/x',
        homeDir: '/nonexistent',
      });
      expect(calls).toEqual([
        { openAtLogin: true, args: ['--hidden'] },
        { openAtLogin: false, args: ['--hidden'] },
      ]);
    }
  });

  it('writes and removes an XDG autostart entry on Linux, starting the AppImage when there is one', () => {
    const home = tempDir();
    const deps = {
      platform: 'linux',
      setLoginItemSettings: () => expect.unreachable(),
      env: { APPIMAGE: '/opt/My Apps/Burnrate.AppImage' },
      execPath: '/tmp/.mount_x/burnrate',
      homeDir: home,
    };
    applyLaunchAtLogin(true, deps);
    const file = path.join(home, '.config/autostart/burnrate.desktop');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('[Desktop Entry]\nType=Application\nName=Burnrate\n');
    expect(text).toContain('Exec="/opt/My Apps/Burnrate.AppImage" --hidden\n');
    applyLaunchAtLogin(false, deps);
    expect(fs.existsSync(file)).toBe(false);
    applyLaunchAtLogin(false, deps); // already off: nothing to remove, no error

    const xdg = tempDir();
    applyLaunchAtLogin(true, { ...deps, env: { XDG_CONFIG_HOME: xdg } });
    expect(fs.readFileSync(path.join(xdg, 'autostart/burnrate.desktop'), 'utf8')).toContain(
      'Exec="/tmp/.mount_x/burnrate" --hidden',
    );
  });

  it('quotes the executable as the Desktop Entry spec asks', () => {
    expect(autostartEntry('/a "b" $c `d` \\e')).toContain('Exec="/a \\"b\\" \\$c \\`d\\` \\\\e" --hidden');
  });

  it('knows a login launch by its flag (Windows, Linux) or by macOS saying so', () => {
    expect(startedAtLogin(['/usr/bin/burnrate', '--hidden'], false)).toBe(true);
    expect(startedAtLogin(['/Applications/Burnrate.app/Contents/MacOS/Burnrate'], true)).toBe(true);
    expect(startedAtLogin(['/usr/bin/burnrate'], false)).toBe(false);
  });
});
