import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { deskOrUndefined } from './transport/desk-global.js';
import { takeToken } from './transport/token-from-url.js';
import { createWebTransport } from './transport/web-transport.js';
import './styles.css';

// Electron's preload provides window.desk; in a browser the page talks to the headless server it came from.
function resolveDesk() {
  const fromPreload = deskOrUndefined();
  if (fromPreload !== undefined) return fromPreload;
  const token = takeToken(window.location, window.sessionStorage, window.history);
  return token === undefined ? undefined : createWebTransport(window.location.origin, token);
}

const root = document.getElementById('root');
const desk = resolveDesk();
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      {desk === undefined ? (
        <p className="error page" role="alert">
          No desk connection: open the URL that <code>npm start</code> printed (it ends in #token=…).
        </p>
      ) : (
        <App desk={desk} />
      )}
    </StrictMode>,
  );
}
