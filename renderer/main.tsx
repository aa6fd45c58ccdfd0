import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadMonaco } from './features/editor/monaco-loader';
import { App } from './App';
import './styles.css';

// Monaco is the largest download: start it now, in parallel with the host handshake.
void loadMonaco();
performance.mark('specwright:main');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
