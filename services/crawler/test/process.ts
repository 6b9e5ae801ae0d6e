import { fileURLToPath } from "node:url";
import { freePort, type StartedProcess, startProcess } from "@qp/testing";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));

/**
 * The real service entry point (src/main.ts) as a child process on a free port, as production runs it; ready
 * when it logs "crawler started" (a readiness signal, not a sleep). A key set to undefined in `env` is removed
 * from the inherited environment (to test the defaults).
 */
export async function startCrawlerProcess(env: Record<string, string | undefined>): Promise<StartedProcess> {
  // LOG_LEVEL info over whatever `env` says: readiness is read from the log.
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    PORT: String(await freePort()),
    LOG_LEVEL: "info",
  };
  for (const [key, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[key];
  return startProcess({
    name: "crawler",
    args: ["--import", "tsx", MAIN],
    env: childEnv,
    ready: ({ output }) => output().includes('"crawler started"'),
  });
}
