import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { AttemptResponse, DlqEntry, QueueConfig, StoredMessage } from "./types.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL, meta TEXT NOT NULL, body BLOB NOT NULL,
  retried INTEGER NOT NULL, next_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS dlq (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, dlq_id TEXT UNIQUE NOT NULL, meta TEXT NOT NULL, body BLOB NOT NULL,
  response TEXT NOT NULL, response_body BLOB NOT NULL, failed_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS dedup (key TEXT PRIMARY KEY, message_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS queues (
  name TEXT PRIMARY KEY, parallelism INTEGER NOT NULL, paused INTEGER NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
`;

interface MessageRow {
  seq: number;
  meta: string;
  body: Buffer;
  retried: number;
  next_at: number;
}
interface DlqRow {
  seq: number;
  dlq_id: string;
  meta: string;
  body: Buffer;
  response: string;
  response_body: Buffer;
  failed_at: number;
}

type Meta = Omit<StoredMessage, "body" | "retried" | "seq">;

/**
 * The stored JSON of a message: every field but the body (its own BLOB column), the retry count and the row
 * id. Fields are listed one by one: an object-rest copy was a visible share of a publish's CPU, and
 * `satisfies` makes a new StoredMessage field a compile error here until it is stored.
 */
function metaOf(m: StoredMessage): string {
  const meta = {
    id: m.id,
    url: m.url,
    method: m.method,
    headers: m.headers,
    maxRetries: m.maxRetries,
    retryDelay: m.retryDelay,
    notBefore: m.notBefore,
    createdAt: m.createdAt,
    callback: m.callback,
    failureCallback: m.failureCallback,
    callbackHeaders: m.callbackHeaders,
    failureCallbackHeaders: m.failureCallbackHeaders,
    queueName: m.queueName,
    flowControl: m.flowControl,
    timeoutMs: m.timeoutMs,
    labels: m.labels,
    callerIp: m.callerIp,
    sourceMessageId: m.sourceMessageId,
  } satisfies Record<keyof Meta, unknown>;
  return JSON.stringify(meta);
}

function messageOf(row: { meta: string; body: Buffer }, retried: number, seq?: number): StoredMessage {
  const meta = JSON.parse(row.meta) as Meta;
  return { ...meta, body: row.body, retried, ...(seq !== undefined && { seq }) };
}

function dlqOf(row: DlqRow): DlqEntry {
  const response = JSON.parse(row.response) as Omit<AttemptResponse, "body"> & { retried: number };
  return {
    dlqId: row.dlq_id,
    seq: row.seq,
    message: messageOf(row, response.retried),
    response: { ...response, body: row.response_body },
    failedAt: row.failed_at,
  };
}

export const DEDUP_WINDOW_MS = 10 * 60_000;

export interface PublishItem {
  message: StoredMessage;
  dedupKey?: string;
}

/**
 * SQLite (WAL) storage. Publishes are written synchronously before they are answered, so an accepted message
 * survives `kill -9`. Delivery outcomes (delete, retry count, move to DLQ) are queued and written together in
 * one transaction per event-loop turn: losing the last few after a crash only means an at-least-once
 * redelivery, which QStash allows anyway.
 */
export class Store {
  readonly db: Database.Database;
  private deferred: Array<() => void> = [];
  private publishQueue: Array<{
    items: PublishItem[];
    resolve: (duplicates: Array<string | undefined>) => void;
    reject: (error: unknown) => void;
  }> = [];
  private flushScheduled = false;
  private readonly stmts;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, "qstash-local.sqlite"));
    this.db.pragma("journal_mode = WAL");
    // NORMAL: a committed transaction is in the WAL (OS page cache) before the call returns, which survives a
    // process crash; only a power loss could drop the last commits.
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(SCHEMA);
    const db = this.db;
    this.stmts = {
      insert: db.prepare("INSERT INTO messages (id, meta, body, retried, next_at) VALUES (?, ?, ?, ?, ?)"),
      // By rowid: no index on the message id to maintain on every insert and delete.
      remove: db.prepare("DELETE FROM messages WHERE seq = ?"),
      retry: db.prepare("UPDATE messages SET retried = ?, next_at = ? WHERE seq = ?"),
      all: db.prepare("SELECT seq, meta, body, retried, next_at FROM messages ORDER BY seq"),
      dedupGet: db.prepare("SELECT message_id FROM dedup WHERE key = ? AND expires_at > ?"),
      dedupPut: db.prepare("INSERT OR REPLACE INTO dedup (key, message_id, expires_at) VALUES (?, ?, ?)"),
      dedupPurge: db.prepare("DELETE FROM dedup WHERE expires_at <= ?"),
      dlqInsert: db.prepare(
        "INSERT INTO dlq (dlq_id, meta, body, response, response_body, failed_at) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      dlqGet: db.prepare("SELECT * FROM dlq WHERE dlq_id = ?"),
      dlqDelete: db.prepare("DELETE FROM dlq WHERE dlq_id = ?"),
      dlqFrom: db.prepare("SELECT * FROM dlq WHERE seq > ? ORDER BY seq"),
      queuePut: db.prepare(
        `INSERT INTO queues (name, parallelism, paused, created_at, updated_at) VALUES (@name, @parallelism, @paused, @createdAt, @updatedAt)
         ON CONFLICT(name) DO UPDATE SET parallelism = excluded.parallelism, paused = excluded.paused, updated_at = excluded.updated_at`,
      ),
      queueDelete: db.prepare("DELETE FROM queues WHERE name = ?"),
      queues: db.prepare("SELECT * FROM queues ORDER BY name"),
    };
  }

  /**
   * Store new messages atomically, honouring deduplication: a message whose key was seen in the last ten
   * minutes is not stored and the earlier message id is returned instead (per item; undefined = stored).
   */
  publish(items: PublishItem[], now = Date.now()): Array<string | undefined> {
    return this.db.transaction(() =>
      items.map(({ message, dedupKey }) => {
        if (dedupKey !== undefined) {
          const hit = this.stmts.dedupGet.get(dedupKey, now) as { message_id: string } | undefined;
          if (hit) return hit.message_id;
          this.stmts.dedupPut.run(dedupKey, message.id, now + DEDUP_WINDOW_MS);
        }
        const { lastInsertRowid } = this.stmts.insert.run(
          message.id,
          metaOf(message),
          message.body,
          message.retried,
          message.notBefore,
        );
        message.seq = Number(lastInsertRowid);
        return undefined;
      }),
    )();
  }

  /**
   * `publish`, group-committed: every publish that arrives in the same event-loop turn is written in one
   * transaction. The promise settles after the commit, so a publish is still answered only once it is on
   * disk.
   */
  publishCommitted(items: PublishItem[]): Promise<Array<string | undefined>> {
    return new Promise((resolve, reject) => {
      this.publishQueue.push({ items, resolve, reject });
      if (this.publishQueue.length === 1) setImmediate(() => this.commitPublishes());
    });
  }

  private commitPublishes(): void {
    const groups = this.publishQueue;
    this.publishQueue = [];
    if (groups.length === 0) return;
    let results: Array<Array<string | undefined>>;
    try {
      results = this.db.transaction(() => groups.map((group) => this.publish(group.items)))();
    } catch {
      // Something in one request failed (nothing is committed): redo them one transaction each, so only
      // the request at fault gets the error.
      for (const group of groups) {
        try {
          group.resolve(this.publish(group.items));
        } catch (error) {
          group.reject(error);
        }
      }
      return;
    }
    groups.forEach((group, i) => {
      group.resolve(results[i] as Array<string | undefined>);
    });
  }

  /** Every message not yet delivered or dead-lettered, oldest first, with its next attempt time. */
  pending(): Array<{ message: StoredMessage; nextAt: number }> {
    return (this.stmts.all.all() as MessageRow[]).map((row) => ({
      message: messageOf(row, row.retried),
      nextAt: row.next_at,
    }));
  }

  /** Delete now (cancel answers must be final). */
  removeNow(message: StoredMessage): boolean {
    return this.stmts.remove.run(message.seq).changes > 0;
  }

  delivered(message: StoredMessage): void {
    this.defer(() => this.stmts.remove.run(message.seq));
  }

  retrying(message: StoredMessage, nextAt: number): void {
    const { seq, retried } = message;
    this.defer(() => this.stmts.retry.run(retried, nextAt, seq));
  }

  deadLetter(message: StoredMessage, response: AttemptResponse, dlqId: string, now = Date.now()): void {
    const { body, ...rest } = response;
    const record = JSON.stringify({ ...rest, retried: message.retried });
    this.defer(() => {
      this.stmts.remove.run(message.seq);
      this.stmts.dlqInsert.run(dlqId, metaOf(message), message.body, record, body, now);
    });
  }

  dlqGet(dlqId: string): DlqEntry | undefined {
    this.flush();
    const row = this.stmts.dlqGet.get(dlqId) as DlqRow | undefined;
    return row && dlqOf(row);
  }

  /** DLQ entries after `afterSeq`, oldest first, lazily (callers stop when they have enough). */
  *dlqScan(afterSeq = 0): Generator<DlqEntry> {
    this.flush();
    for (const row of this.stmts.dlqFrom.iterate(afterSeq) as Iterable<DlqRow>) yield dlqOf(row);
  }

  dlqDelete(dlqIds: string[]): number {
    this.flush();
    return this.db.transaction(() => dlqIds.reduce((n, id) => n + this.stmts.dlqDelete.run(id).changes, 0))();
  }

  putQueue(queue: QueueConfig): void {
    this.stmts.queuePut.run({ ...queue, paused: queue.paused ? 1 : 0 });
  }

  deleteQueue(name: string): void {
    this.stmts.queueDelete.run(name);
  }

  queues(): QueueConfig[] {
    return (this.stmts.queues.all() as Array<Record<string, number | string>>).map((row) => ({
      name: String(row.name),
      parallelism: Number(row.parallelism),
      paused: row.paused === 1,
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    }));
  }

  purgeDedup(now = Date.now()): void {
    this.stmts.dedupPurge.run(now);
  }

  private defer(op: () => void): void {
    this.deferred.push(op);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Write every queued outcome in one transaction. */
  flush(): void {
    this.flushScheduled = false;
    if (this.deferred.length === 0) return;
    const ops = this.deferred;
    this.deferred = [];
    this.db.transaction(() => {
      for (const op of ops) op();
    })();
  }

  /** Entries in the DLQ (a metric; read at scrape time). */
  dlqCount(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM dlq").get() as { n: number }).n;
  }

  ping(): void {
    this.db.prepare("SELECT 1").get();
  }

  close(): void {
    if (this.publishQueue.length > 0) this.commitPublishes();
    this.flush();
    this.db.close();
  }
}
