export { openNotebook, Notebook, type NotebookOptions } from './notebook';
export type { SourceAccess } from './source-access';
export type { NotebookBackendEvent } from './events';
export { DEFAULT_COLORS } from './colors';
export { sanitizeTitle } from './note-names';
