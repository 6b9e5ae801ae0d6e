import type { ServiceEnv } from "@qp/service-kit";
import { Hono } from "hono";
import { z } from "zod";
import { ApiError } from "../errors.ts";
import { type ParsedPublish, parsePublish } from "../publish-request.ts";
import { callerIp, headerRecord, type RouteDeps, rawAfter, readBody } from "./context.ts";

const batchSchema = z
  .array(
    z.strictObject({
      destination: z.string().min(1),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.string().optional(),
      queue: z.string().min(1).optional(),
    }),
  )
  .min(1);

/** A queue name in a path: percent-decoded, non-empty, without slashes. */
function queueName(raw: string): string {
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    throw new ApiError(400, `invalid queue name "${raw}"`);
  }
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(name)) throw new ApiError(400, `invalid queue name "${name}"`);
  return name;
}

/** `POST /v2/publish/{destination}`, `POST /v2/enqueue/{queue}/{destination}`, `POST /v2/batch`. */
export function publishRoutes({ broker, maxMessageBytes }: RouteDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();

  app.post("/v2/publish/*", async (c) => {
    const body = await readBody(c, maxMessageBytes);
    const destination = rawAfter(c, "/v2/publish/");
    const parsed = parsePublish({ destination, headers: headerRecord(c), body, callerIp: callerIp(c) });
    const [result] = await broker.publish([parsed], "publish");
    return c.json(result, result?.deduplicated ? 202 : 200);
  });

  app.post("/v2/enqueue/*", async (c) => {
    const body = await readBody(c, maxMessageBytes);
    const rest = rawAfter(c, "/v2/enqueue/");
    const slash = rest.indexOf("/");
    if (slash <= 0) throw new ApiError(400, "expected /v2/enqueue/{queue}/{destination}");
    const parsed = parsePublish({
      destination: rest.slice(slash + 1),
      headers: headerRecord(c),
      body,
      queueName: queueName(rest.slice(0, slash)),
      callerIp: callerIp(c),
    });
    const [result] = await broker.publish([parsed], "enqueue");
    return c.json(result, result?.deduplicated ? 202 : 200);
  });

  app.post("/v2/batch", async (c) => {
    // A batch may carry many messages; each one is held to the message limit below.
    const raw = await readBody(c, maxMessageBytes * 100);
    let json: unknown;
    try {
      json = JSON.parse(raw.toString("utf8"));
    } catch {
      throw new ApiError(400, "batch body is not valid JSON");
    }
    const batch = batchSchema.safeParse(json);
    if (!batch.success) {
      const issue = batch.error.issues[0];
      throw new ApiError(400, `invalid batch: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
    }
    const ip = callerIp(c);
    const parsed: ParsedPublish[] = batch.data.map((item, i) => {
      const body = Buffer.from(item.body ?? "", "utf8");
      if (body.length > maxMessageBytes) {
        throw new ApiError(
          413,
          `batch message ${i} too large: ${body.length} bytes, the limit is ${maxMessageBytes}`,
        );
      }
      const headers = Object.fromEntries(
        Object.entries(item.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      );
      try {
        return parsePublish({
          destination: item.destination,
          headers,
          body,
          ...(item.queue !== undefined && { queueName: queueName(item.queue) }),
          ...(ip !== undefined && { callerIp: ip }),
        });
      } catch (error) {
        if (error instanceof ApiError)
          throw new ApiError(error.status, `batch message ${i}: ${error.message}`);
        throw error;
      }
    });
    return c.json(await broker.publish(parsed, "batch"));
  });

  return app;
}
