import { cp, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "@lancedb/lancedb";

export interface TableState {
  name: string;
  version: number;
  rows: number;
}

/**
 * A consistent copy of a LanceDB folder. Lance never rewrites a committed file (each commit adds data files
 * and a new manifest), so the table versions read first, then a copy of the folder, hold those versions
 * whole even while the parser writes; a commit landing during the copy adds files to the copy that restore
 * ignores by checking out the recorded version.
 */
export async function snapshotLanceDb(
  path: string,
): Promise<{ dir: string; tables: TableState[]; cleanup: () => Promise<void> }> {
  // connect() would create an empty database at a mistyped path and back that up without complaint.
  const isDir = await stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new Error(`VECTOR_DB_PATH ${path} is not a folder: nothing to back up`);
  const db = await connect(path);
  const tables: TableState[] = [];
  try {
    for (const name of await db.tableNames()) {
      const table = await db.openTable(name);
      try {
        const version = await table.version();
        await table.checkout(version);
        tables.push({ name, version, rows: await table.countRows() });
      } finally {
        table.close();
      }
    }
  } finally {
    db.close();
  }
  const dir = await mkdtemp(join(tmpdir(), "qp-backup-lancedb-"));
  await cp(path, dir, { recursive: true });
  return { dir, tables, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Open a restored folder, make each table's recorded version its latest (a commit that slipped into the copy
 * is rolled back), and check the row counts. Throws naming the first table that does not match.
 */
export async function verifyLanceDb(path: string, expected: TableState[]): Promise<void> {
  const db = await connect(path);
  try {
    const names = new Set(await db.tableNames());
    for (const want of expected) {
      if (!names.has(want.name)) throw new Error(`restored LanceDB lacks table ${want.name}`);
      const table = await db.openTable(want.name);
      try {
        if ((await table.version()) !== want.version) {
          await table.checkout(want.version);
          await table.restore();
        }
        const rows = await table.countRows();
        if (rows !== want.rows) {
          throw new Error(`restored table ${want.name} has ${rows} rows, the backup recorded ${want.rows}`);
        }
      } finally {
        table.close();
      }
    }
  } finally {
    db.close();
  }
}
