import { createApp } from "./app.ts";

export type { Bindings } from "./env.ts";

/**
 * The edge worker: `POST /` a trading concept, get the sources found for it queued through QStash.
 * See README.md for the env, the endpoints and the ranking rules.
 */
const app = createApp();

export default app;
