export { writeFileAtomic, moveNoClobber, syncDirectory, isAtomicTempFile } from './atomic-write';
export type { AtomicWriteIo, AtomicWriteOptions } from './atomic-write';
export { resolveInside, checkRelativePath, isWithin, PathEscapeError } from './safe-path';
export type { PathRefusal } from './safe-path';
