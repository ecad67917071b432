/**
 * The sandboxed preload (bundled to out/electron/preload.cjs, requiring only `electron`): exposes
 * the NotebookApi as `window.sourcebook` and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api';

contextBridge.exposeInMainWorld('sourcebook', createPreloadApi(ipcRenderer));
