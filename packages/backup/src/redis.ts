import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.once("error", (error) => reject(new Error(`${command} could not start: ${error.message}`)));
    child.once("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${out.trim()}`)),
    );
  });
}

/** `redis-cli -u <url> <args>`; the URL (it may hold a password) stays out of error messages. */
async function redisCli(url: string, args: string[]): Promise<string> {
  try {
    return await run("redis-cli", ["--no-auth-warning", "-u", url, ...args]);
  } catch (error) {
    throw new Error((error as Error).message.replaceAll(url, "<REDIS_URL>"));
  }
}

/**
 * The Redis dataset as an RDB file, over the replication protocol (`redis-cli --rdb`): it works against a
 * remote Redis and makes the server fork a fresh snapshot, as BGSAVE does. Also the key count, for restore.
 */
export async function dumpRedis(
  url: string,
): Promise<{ file: string; keys: number; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "qp-backup-redis-"));
  const file = join(dir, "dump.rdb");
  const keys = Number((await redisCli(url, ["DBSIZE"])).trim());
  await redisCli(url, ["--rdb", file]);
  return { file, keys, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Load an RDB into a throw-away redis-server (unix socket only, no TCP) and count its keys: the check that
 * the file is a whole, loadable dump before it replaces anything.
 */
export async function countRdbKeys(rdb: Buffer): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "qp-restore-redis-"));
  const socket = join(dir, "redis.sock");
  await writeFile(join(dir, "dump.rdb"), rdb);
  const child = spawn(
    "redis-server",
    [
      "--port",
      "0",
      "--unixsocket",
      socket,
      "--dir",
      dir,
      "--dbfilename",
      "dump.rdb",
      "--save",
      "",
      "--appendonly",
      "no",
    ],
    { stdio: "ignore" },
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.once("error", () => {});
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const reply = await run("redis-cli", ["-s", socket, "DBSIZE"]);
        if (/^\d+\s*$/.test(reply)) return Number(reply.trim());
        if (!/LOADING/.test(reply)) throw new Error(`unexpected DBSIZE reply: ${reply.trim()}`);
      } catch (error) {
        if (child.exitCode !== null)
          throw new Error(`redis-server could not load the RDB (exit ${child.exitCode})`);
        if (Date.now() > deadline) throw error;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
}
