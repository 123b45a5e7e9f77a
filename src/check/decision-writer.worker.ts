// The decision log's SQLite writer, on a thread of its own with its own connection: a page is a large row, and
// SQLite writes (and now and then checkpoints its WAL) synchronously — on the main thread that would hold up
// every request waiting behind it.
import { parentPort, workerData } from 'node:worker_threads';
import { runBehindMainThread } from '../services/workers.js';
import { openSqliteConnection } from '../store/database.js';
import { type DecisionCount, type DecisionPageRow, sqliteDecisionWrite } from '../store/decisions.js';

export interface WriteRequest {
  id: number;
  pages: DecisionPageRow[];
  counts: DecisionCount[];
}

export interface WriteReply {
  id: number;
  error?: string;
}

runBehindMainThread();
const db = openSqliteConnection((workerData as { path: string }).path);
const write = sqliteDecisionWrite(db);
parentPort!.on('message', (m: WriteRequest) => {
  let reply: WriteReply;
  try {
    write(m.pages, m.counts);
    reply = { id: m.id };
  } catch (err) {
    reply = { id: m.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
