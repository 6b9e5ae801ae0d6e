import type Database from "better-sqlite3";

/** A schedule as stored: the publish request to repeat (headers, body) and its cron state. */
export interface StoredSchedule {
  id: string;
  cron: string;
  destination: string;
  /** The create request's `content-type` and `upstash-*` headers (lowercase names), replayed on each tick. */
  headers: Record<string, string>;
  body: Buffer;
  createdAt: number;
  paused: boolean;
  callerIp?: string;
  lastScheduleTime?: number;
  nextScheduleTime?: number;
  /** Messages published by the last tick (QStash shows their states). */
  lastMessageIds?: string[];
}

interface Row {
  id: string;
  meta: string;
  body: Buffer;
}

type Meta = Omit<StoredSchedule, "id" | "body">;

const SCHEMA = `CREATE TABLE IF NOT EXISTS schedules (id TEXT PRIMARY KEY, meta TEXT NOT NULL, body BLOB NOT NULL);`;

/** Schedules in the broker's SQLite file, next to the messages; written synchronously, like publishes. */
export class ScheduleStore {
  private readonly stmts;

  constructor(db: Database.Database) {
    db.exec(SCHEMA);
    this.stmts = {
      put: db.prepare("INSERT OR REPLACE INTO schedules (id, meta, body) VALUES (?, ?, ?)"),
      remove: db.prepare("DELETE FROM schedules WHERE id = ?"),
      all: db.prepare("SELECT id, meta, body FROM schedules ORDER BY id"),
    };
  }

  put(schedule: StoredSchedule): void {
    const { id, body, ...meta } = schedule;
    this.stmts.put.run(id, JSON.stringify(meta satisfies Meta), body);
  }

  remove(id: string): boolean {
    return this.stmts.remove.run(id).changes > 0;
  }

  all(): StoredSchedule[] {
    return (this.stmts.all.all() as Row[]).map((row) => ({
      ...(JSON.parse(row.meta) as Meta),
      id: row.id,
      body: row.body,
    }));
  }
}
