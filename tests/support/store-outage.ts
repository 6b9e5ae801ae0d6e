import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";

/**
 * The embedded vector store (LanceDB: a folder every process opens by path) made unavailable the way a lost
 * disk or an unmounted volume would be: the folder is moved aside and a plain file takes its name, so every
 * read and write under it fails (ENOTDIR) in the parser, the validator and the orchestrator alike, and a
 * process that (re)starts meanwhile cannot create it afresh either (mkdir meets the file). `restore` puts the
 * same folder back; nothing in it was touched, as after an outage the data comes back as it was.
 */
export interface StoreOutage {
  readonly down: boolean;
  takeDown(): void;
  restore(): void;
}

export function storeOutage(path: string): StoreOutage {
  const aside = `${path}.offline`;
  let down = false;
  return {
    get down() {
      return down;
    },
    takeDown() {
      if (down) return;
      if (!existsSync(path)) throw new Error(`no vector store at ${path} to take down`);
      renameSync(path, aside);
      writeFileSync(path, "vector store unavailable (fault-matrix test outage)\n", { mode: 0o000 });
      down = true;
    },
    restore() {
      if (!down) return;
      rmSync(path, { force: true });
      renameSync(aside, path);
      down = false;
    },
  };
}
