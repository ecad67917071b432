/** The renderer's entry: mounts the app on #app with the NotebookApi of this shell (Electron or browser). */
import { OPEN_PATH } from '../../main/common/transport/http-protocol';
import { getApi } from './api';
import { App } from './app/app';
import { mountNotes } from './notes';

const root = document.getElementById('app');
if (root) {
  const app = new App(root, getApi(), mountNotes);
  (window as unknown as { sourcebookApp?: App }).sourcebookApp = app;
  // Browser mode's deep links: the server answers /open?link=sourcebook://… with this page.
  const here = new URL(window.location.href);
  const link = here.pathname === OPEN_PATH ? here.searchParams.get('link') : null;
  if (link !== null) {
    window.history.replaceState(window.history.state, '', '/');
    void app.openLink(link);
  }
}
