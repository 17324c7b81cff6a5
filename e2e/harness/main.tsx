/** The harness boots like an offline host: start the console's mocks, then render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { http, HttpResponse } from 'msw';
import { DEMO_SOURCES, startMocks } from 'spine-console/mocks';
import 'spine-console/style.css';
import './host.css';
import { HostApp } from './host-app';

// The host's own override, tried before the console's handlers: an expired token gets a 401.
const expiredSession = http.all('*/proxy/*', ({ request }) =>
  request.headers.get('Authorization') === 'Bearer expired' ? new HttpResponse(null, { status: 401 }) : undefined,
);

await startMocks({ search: location.search, serviceWorkerUrl: '/mockServiceWorker.js', handlers: [expiredSession] });
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <HostApp sources={DEMO_SOURCES} />
    </BrowserRouter>
  </StrictMode>,
);
