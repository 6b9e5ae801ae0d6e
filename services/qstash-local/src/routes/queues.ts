import type { ServiceEnv } from "@qp/service-kit";
import { Hono } from "hono";
import { z } from "zod";
import { ApiError } from "../errors.ts";
import type { QueueConfig } from "../types.ts";
import type { RouteDeps } from "./context.ts";

const upsertSchema = z.strictObject({
  queueName: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, "letters, digits and . _ : - (1 to 128)"),
  parallelism: z.number().int().min(1).max(1000).default(1),
  paused: z.boolean().default(false),
});

/** Queues: upsert, list, get, delete, pause, resume. */
export function queueRoutes({ broker }: RouteDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const { scheduler, store } = broker;
  const view = (q: QueueConfig) => ({ ...q, lag: scheduler.lag(q.name) });
  const existing = (name: string): QueueConfig => {
    const queue = scheduler.queue(name);
    if (!queue) throw new ApiError(404, `queue ${name} not found`);
    return queue;
  };
  const save = (queue: QueueConfig) => {
    store.putQueue(queue);
    scheduler.setQueue(queue);
  };

  app.post("/v2/queues", async (c) => {
    let json: unknown;
    try {
      json = await c.req.json();
    } catch {
      throw new ApiError(400, "request body is not valid JSON");
    }
    const parsed = upsertSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError(400, `invalid queue: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
    }
    const now = Date.now();
    const { queueName, parallelism, paused } = parsed.data;
    save({
      name: queueName,
      parallelism,
      paused,
      createdAt: scheduler.queue(queueName)?.createdAt ?? now,
      updatedAt: now,
    });
    return c.json({});
  });

  app.get("/v2/queues", (c) => c.json(scheduler.queues().map(view)));
  app.get("/v2/queues/:name", (c) => c.json(view(existing(c.req.param("name")))));

  app.delete("/v2/queues/:name", (c) => {
    existing(c.req.param("name"));
    store.deleteQueue(c.req.param("name"));
    scheduler.deleteQueue(c.req.param("name"));
    return c.json({});
  });

  for (const action of ["pause", "resume"] as const) {
    app.post(`/v2/queues/:name/${action}`, (c) => {
      save({ ...existing(c.req.param("name")), paused: action === "pause", updatedAt: Date.now() });
      return c.json({});
    });
  }

  return app;
}
