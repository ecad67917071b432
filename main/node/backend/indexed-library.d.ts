import type { NotebookEvent } from '../../common/contract';
import { Library } from '../library/library';
import { SearchEngine } from '../search';
/** The OS cache folder for a library, so two libraries never share an index. */
export declare function defaultCacheDir(folders: string[]): string;
export interface IndexedLibraryOptions {
    /** Source folders; the first is folder 0. */
    folders: string[];
    /** Where the persisted index lives; defaults to the OS cache folder. */
    cacheDir?: string;
    /** The index worker script (out/index-worker.mjs); the engine finds it beside its bundle by default. */
    workerUrl?: URL;
    emit?: (event: NotebookEvent) => void;
    onSourceChanged?: (sourceId: string) => Promise<void>;
}
/**
 * A library and its search engine, scanned and restored or being indexed: what the app's backend
 * and the command line both start from.
 */
export declare function openIndexedLibrary(options: IndexedLibraryOptions): Promise<{
    library: Library;
    engine: SearchEngine;
}>;
