import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { useLanguage } from './lib/i18n.ts';
// Bundled CSS files only: the CSP allows no inline <style>.
import 'uplot/dist/uPlot.min.css';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');

/** The window, drawn again in the new language when it changes (Settings → Language). */
function Root() {
  useLanguage();
  return <App />;
}

createRoot(root).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
