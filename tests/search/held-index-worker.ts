/**
 * The index worker with a hold, for tests: when it is handed `held.txt` to index, it tells the
 * test so (it writes to the FIFO `SB_HOLD_FIFO`.held) and then blocks its whole thread until the
 * test writes to the FIFO `SB_HOLD_FIFO`. While held it provably answers nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

const fifo = process.env.SB_HOLD_FIFO;
// Registered before the worker's own listener, so the hold comes first.
parentPort!.on('message', (msg: { op: string; file?: { relPath: string } }) => {
  if (!fifo || msg.op !== 'indexFile' || msg.file?.relPath !== 'held.txt') return;
  writeFileSync(`${fifo}.held`, 'held');
  readFileSync(fifo);
});
await import('../../main/node/search/index-worker');
