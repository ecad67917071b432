import type { NotebookApi } from '../../../main/common/contract';
import { createHttpApi } from './http-api';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    sourcebook?: NotebookApi;
  }
}

/** The one API the renderer uses: Electron's preload bridge when present, else the loopback server. */
export function getApi(): NotebookApi {
  return window.sourcebook ?? createHttpApi();
}
