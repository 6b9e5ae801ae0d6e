import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { waitUntil } from "@qp/testing/wait";
import { inject } from "vitest";
import type { Bindings } from "../src/env.ts";
import worker from "../src/index.ts";
import type { Delivery, SeenRequest } from "./fixtures/fake-servers.ts";

export const API_KEY = "edge-test-key";

let ipCounter = 0;
/** A client address of its own, so each test gets its own rate-limit bucket. */
export function freshIp(): string {
  ipCounter += 1;
  return `198.51.${Math.floor(Math.random() * 250)}.${ipCounter % 250}`;
}

/** A concept no other test (or earlier run inside QStash's dedup window) has posted. */
export function uniqueConcept(base: string): string {
  return `${base} ${crypto.randomUUID().slice(0, 8)}`;
}

export interface PostOptions {
  headers?: Record<string, string> | undefined;
  /** Binding overrides for this request only (e.g. MAX_URLS, a wrong QSTASH_TOKEN). */
  bindings?: Partial<Record<keyof Bindings, unknown>>;
  /** Send `body` as is (string or stream) instead of JSON-encoding it. */
  raw?: boolean | undefined;
}

/** POST / through the Worker's own fetch handler, inside workerd, with the test bindings. */
export async function post(body: unknown, options: PostOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    authorization: `Bearer ${API_KEY}`,
    "cf-connecting-ip": freshIp(),
    ...options.headers,
  };
  const init: RequestInit & { duplex?: string } = {
    method: "POST",
    headers,
    body: options.raw ? (body as BodyInit) : JSON.stringify(body),
  };
  return request(new Request("https://edge.qstash-pipeline.test/", init), options.bindings);
}

export async function request(req: Request, bindings: PostOptions["bindings"] = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const merged = { ...(env as unknown as Bindings), ...bindings } as Bindings;
  const response = await worker.fetch(req, merged, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** What the fake providers and the orchestrator sink have received so far. */
export async function seen(): Promise<{ seen: SeenRequest[]; deliveries: Delivery[] }> {
  const response = await fetch(`${inject("fakeUrl")}/_seen`);
  return (await response.json()) as { seen: SeenRequest[]; deliveries: Delivery[] };
}

/** Polls the sink until `predicate` holds (readiness by observation, never a fixed sleep). */
export function waitForDeliveries(
  predicate: (deliveries: Delivery[]) => boolean,
  timeoutMs = 10_000,
): Promise<Delivery[]> {
  return waitUntil(
    async () => {
      const { deliveries } = await seen();
      return predicate(deliveries) && deliveries;
    },
    { timeoutMs, what: "deliveries" },
  );
}
