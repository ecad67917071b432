import type { NotebookApi } from '../../../main/common/contract';
import { createHttpApi } from './http-api';
import { pageToken } from './page-token';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    sourcebook?: NotebookApi;
  }
}

/** The one API the renderer uses: Electron's preload bridge when present, else the loopback server. */
export function getApi(): NotebookApi {
  return window.sourcebook ?? createHttpApi({ token: pageToken() });
}
