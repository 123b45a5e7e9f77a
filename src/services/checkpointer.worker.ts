// The WAL checkpointer's thread: copies committed WAL pages into the database file on a connection of its own,
// so the copy and its fsyncs never run inside a commit on the server's main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteConnection } from '../store/database.js';
import { runBehindMainThread } from './workers.js';

export interface CheckpointReport {
  /** WAL frames, and of those, frames now in the database file. */
  log: number;
  checkpointed: number;
}

interface Result {
  busy: number;
  log: number;
  checkpointed: number;
}

runBehindMainThread();
const { path, intervalMs, restartFrames } = workerData as {
  path: string;
  intervalMs: number;
  restartFrames: number;
};
const db = openSqliteConnection(path);
// RESTART holds the write lock while it waits for readers still on the old WAL: it gives up after 100 ms (and
// tries again next time) rather than keep the server's writers waiting the connection's usual 10 seconds.
db.pragma('busy_timeout = 100');
// A page written again and again (an index's hot leaves) is copied once per checkpoint, so checkpoints come
// seconds apart, not every 1,000 frames (SQLite's default; a bulk load's connection waits for 20,000). PASSIVE
// copies without waiting for anyone; but the WAL starts over only when a writer finds every frame copied, which
// under steady commits a concurrent checkpoint never quite reaches: RESTART then takes the write lock (a writer
// waits in its busy handler) for the few frames PASSIVE left, so the next commit writes the WAL from its start.
const passive = db.prepare('pragma wal_checkpoint(PASSIVE)');
const restart = db.prepare('pragma wal_checkpoint(RESTART)');
const timer = setInterval(() => {
  let [r] = passive.all() as Result[];
  if (!r || r.log === 0) return;
  if (r.log >= restartFrames) [r] = restart.all() as Result[];
  parentPort!.postMessage({ log: r!.log, checkpointed: r!.checkpointed } satisfies CheckpointReport);
}, intervalMs);
parentPort!.on('message', (m: string) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
