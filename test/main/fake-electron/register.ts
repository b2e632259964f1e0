// Preloaded with `node --import` in front of the built main bundle: resolves `electron` to
// the fake in this folder, so out/main/index.js runs in plain Node (the Electron binary is
// not installed here) and the test can drive and inspect it.
import { registerHooks } from 'node:module';

const fake = new URL('./electron.ts', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    // Resolved like any file, so Node strips the fake's types as it does for every .ts here.
    if (specifier === 'electron') return nextResolve(fake, context);
    return nextResolve(specifier, context);
  },
});
