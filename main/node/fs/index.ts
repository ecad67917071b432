export { writeFileAtomic, TargetChangedError, moveNoClobber, syncDirectory, syncDirs, mkdirDurable, isAtomicTempFile, tempFileOwner } from './atomic-write';
export type { AtomicWriteIo, AtomicWriteOptions } from './atomic-write';
export { resolveInside, checkRelativePath, isWithin, PathEscapeError } from './safe-path';
export type { PathRefusal } from './safe-path';
export { readRegularFile, statKey, bounded, kindOf, NotRegularFileError, FileTooLargeError, type RegularFile } from './regular-file';
export { PathLocks, LockTimeoutError, isAlive, type PathLockOptions } from './file-lock';
export { removeStaleTempFiles } from './temp-sweep';
