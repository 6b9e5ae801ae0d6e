import type { ServiceEnv } from "@qp/service-kit";
import { Hono } from "hono";
import type { Broker } from "../broker.ts";
import { ApiError } from "../errors.ts";
import { countParam, DLQ_FILTER_KEYS, dlqFacts, idsFrom, matches, parseFilter } from "../filters.ts";
import { newMessageId } from "../ids.ts";
import type { DlqEntry } from "../types.ts";
import { dlqView } from "../views.ts";
import type { RouteDeps } from "./context.ts";

const MAX_COUNT = 100;
const CONTROL = ["count", "cursor", "dlqIds", "order", "trimBody"];

/** Up to `count` entries matching the query from the cursor on; `cursor` is set when more remain. */
function select(
  broker: Broker,
  query: URLSearchParams,
  ids: string[] | undefined,
): { entries: DlqEntry[]; cursor?: string } {
  const { store } = broker;
  if (ids)
    return { entries: ids.map((id) => store.dlqGet(id)).filter((e): e is DlqEntry => e !== undefined) };
  const filter = parseFilter(query, DLQ_FILTER_KEYS, CONTROL);
  const count = countParam(query, MAX_COUNT);
  const cursorText = query.get("cursor") ?? "";
  const after = cursorText === "" ? 0 : Number(cursorText);
  if (!Number.isInteger(after) || after < 0) throw new ApiError(400, `invalid cursor "${cursorText}"`);
  const entries: DlqEntry[] = [];
  for (const entry of store.dlqScan(after)) {
    if (!matches(filter, dlqFacts(entry))) continue;
    if (entries.length === count) return { entries, cursor: String(entries[entries.length - 1]?.seq) };
    entries.push(entry);
  }
  return { entries };
}

/** Re-publish a dead letter as a new message with its retries reset, and drop it from the DLQ. */
async function retry(broker: Broker, entry: DlqEntry): Promise<string> {
  const now = Date.now();
  const message = { ...entry.message, id: newMessageId(), retried: 0, notBefore: now, createdAt: now };
  const [result] = await broker.publish([{ message }], "dlq_retry");
  broker.store.dlqDelete([entry.dlqId]);
  return result?.messageId ?? message.id;
}

/** The DLQ API: list, get, delete one or many, retry one or many. */
export function dlqRoutes({ broker }: RouteDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const { store } = broker;

  app.get("/v2/dlq", (c) => {
    const query = new URL(c.req.url).searchParams;
    const ids = query
      .getAll("dlqIds")
      .flatMap((v) => v.split(","))
      .filter(Boolean);
    const { entries, cursor } = select(broker, query, ids.length > 0 ? ids : undefined);
    return c.json({ messages: entries.map(dlqView), ...(cursor !== undefined && { cursor }) });
  });

  app.get("/v2/dlq/:dlqId", (c) => {
    const entry = store.dlqGet(c.req.param("dlqId"));
    if (!entry) throw new ApiError(404, `dlq message ${c.req.param("dlqId")} not found`);
    return c.json(dlqView(entry));
  });

  app.delete("/v2/dlq/:dlqId", (c) => {
    if (store.dlqDelete([c.req.param("dlqId")]) === 0)
      throw new ApiError(404, `dlq message ${c.req.param("dlqId")} not found`);
    return c.json({ deleted: 1 });
  });

  app.delete("/v2/dlq", async (c) => {
    const query = new URL(c.req.url).searchParams;
    const { entries, cursor } = select(broker, query, await idsFrom(query, "dlqIds", c.req.raw));
    const deleted = store.dlqDelete(entries.map((e) => e.dlqId));
    return c.json({ deleted, ...(cursor !== undefined && { cursor }) });
  });

  app.post("/v2/dlq/retry/:dlqId", async (c) => {
    const entry = store.dlqGet(c.req.param("dlqId"));
    if (!entry) throw new ApiError(404, `dlq message ${c.req.param("dlqId")} not found`);
    return c.json({ messageId: await retry(broker, entry) });
  });

  app.post("/v2/dlq/retry", async (c) => {
    const query = new URL(c.req.url).searchParams;
    const { entries, cursor } = select(broker, query, await idsFrom(query, "dlqIds", c.req.raw));
    const responses = await Promise.all(
      entries.map(async (entry) => ({ messageId: await retry(broker, entry) })),
    );
    return c.json({ responses, ...(cursor !== undefined && { cursor }) });
  });

  return app;
}
