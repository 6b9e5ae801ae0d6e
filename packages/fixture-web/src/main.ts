import { z } from "zod";
import { startFixtureWeb } from "./server.ts";

/**
 * `node --import tsx packages/fixture-web/src/main.ts`: the fixture web as a process (used by `pnpm research
 * --sources fixtures` and the stack). Prints one JSON line with `url` once listening; SIGTERM/SIGINT close it.
 */
const envSchema = z.object({
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(0),
  FIXTURE_PAGES_DIR: z.string().min(1).optional(),
});

function line(level: string, msg: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(
    `${JSON.stringify({ level, time: Date.now(), service: "fixture-web", msg, ...extra })}\n`,
  );
}

async function main(): Promise<void> {
  const env = envSchema.safeParse(process.env);
  if (!env.success) {
    line("error", `invalid environment: ${env.error.issues.map((i) => i.path.join(".")).join(", ")}`);
    process.exit(1);
  }
  const web = await startFixtureWeb({
    host: env.data.HOST,
    port: env.data.PORT,
    ...(env.data.FIXTURE_PAGES_DIR ? { pagesDir: env.data.FIXTURE_PAGES_DIR } : {}),
  });
  line("info", "listening", { url: web.url });
  const stop = async (signal: string) => {
    line("info", "stopping", { signal });
    await web.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  line("error", "failed to start", { err: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
