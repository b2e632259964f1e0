// Renders the SVG icons in resources/ to the PNG sizes the app and installers need, using
// the same headless Chromium the browser tests use. Run after editing an SVG:
//   npm run icons
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Job {
  svg: string;
  out: string;
  size: number;
}

const jobs: Job[] = [
  { svg: 'resources/icon.svg', out: 'resources/icon.png', size: 1024 },
  { svg: 'resources/icon.svg', out: 'resources/icon-256.png', size: 256 },
];
// Tray icons: every resources/tray/*.svg at 1x and 2x (16/32 px), same name.
const trayDir = path.join(root, 'resources/tray');
if (fs.existsSync(trayDir)) {
  for (const file of fs.readdirSync(trayDir).filter((f) => f.endsWith('.svg'))) {
    const base = file.replace(/\.svg$/, '');
    jobs.push({ svg: `resources/tray/${file}`, out: `resources/tray/${base}.png`, size: 16 });
    jobs.push({ svg: `resources/tray/${file}`, out: `resources/tray/${base}@2x.png`, size: 32 });
  }
}

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const job of jobs) {
    const svg = fs.readFileSync(path.join(root, job.svg), 'utf8');
    await page.setViewportSize({ width: job.size, height: job.size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><div style="width:${job.size}px;height:${job.size}px">${svg.replace('<svg ', `<svg style="width:${job.size}px;height:${job.size}px;display:block" `)}</div></body></html>`,
    );
    await page.screenshot({
      path: path.join(root, job.out),
      omitBackground: true,
      clip: { x: 0, y: 0, width: job.size, height: job.size },
    });
    console.log(`${job.out} (${job.size}px)`);
  }
} finally {
  await browser.close();
}
