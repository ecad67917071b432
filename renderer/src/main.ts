/** The renderer's entry: mounts the app on #app with the NotebookApi of this shell (Electron or browser). */
import { getApi } from './api';
import { App } from './app/app';
import { mountNotes } from './notes';

const root = document.getElementById('app');
if (root) {
  const app = new App(root, getApi(), mountNotes);
  (window as unknown as { sourcebookApp?: App }).sourcebookApp = app;
}
