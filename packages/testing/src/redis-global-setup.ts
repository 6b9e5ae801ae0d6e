import type { TestProject } from "vitest/node";
import { startRedisServer } from "./redis-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A Redis for this test project: REDIS_URL when set, else a redis-server started for the run. */
    redisUrl: string;
  }
}

/**
 * vitest globalSetup: when REDIS_URL is unset, start a real redis-server from PATH on a free port for the
 * project's run and stop it afterwards; tests read the URL with `inject("redisUrl")`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env.REDIS_URL;
  if (existing) {
    project.provide("redisUrl", existing);
    return async () => {};
  }
  const redis = await startRedisServer();
  project.provide("redisUrl", redis.url);
  return redis.stop;
}
