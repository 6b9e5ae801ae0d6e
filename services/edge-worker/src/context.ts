import type { Bindings, Config } from "./env.ts";

/** The Worker's hono context: its bindings, and what the first middleware sets on every request. */
export type EdgeEnv = { Bindings: Bindings; Variables: { requestId: string; config: Config } };
