/** The HTTP calls `pnpm research` makes: the edge worker's POST / and the orchestrator's query/report API. */
import { type ConceptView, conceptViewSchema } from "../../packages/schema/src/index.ts";

export type { ConceptView } from "../../packages/schema/src/index.ts";

/** What `answerOf` needs of a zod schema (scripts/ has no zod of its own to import the type from). */
interface Schema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

export interface EdgeAnswer {
  stored: number;
  urls: string[];
  concept_id: string;
  errors?: Array<{ provider: string; message: string; kind?: "network" | "http" | "config" | "other" }>;
}

/** The failure of one call, in words a person can act on. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

const apiKey = process.env.API_KEY;

async function call(url: string, init: RequestInit = {}, timeoutMs = 60_000): Promise<Response> {
  try {
    return await fetch(url, {
      ...init,
      headers: { ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...init.headers },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new ApiError(`could not reach ${new URL(url).origin} (${(error as Error).message})`);
  }
}

async function failure(res: Response, what: string): Promise<ApiError> {
  const body = (await res.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string } }
    | undefined;
  const message = body?.error?.message ?? `HTTP ${res.status}`;
  return new ApiError(`${what}: ${message}`, res.status, body?.error?.code);
}

/** The answer parsed with the contract's schema; an answer that does not match is an error naming the fields. */
async function answerOf<T>(res: Response, schema: Schema<T>, what: string): Promise<T> {
  const body: unknown = await res.json().catch(() => undefined);
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
  throw new ApiError(`${what} does not match the contract (${issues})`, res.status, "bad_answer");
}

export async function postConcept(edgeUrl: string, concept: string): Promise<EdgeAnswer> {
  const res = await call(edgeUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(process.env.EDGE_API_KEY ? { authorization: `Bearer ${process.env.EDGE_API_KEY}` } : {}),
    },
    body: JSON.stringify({ concept }),
  });
  if (res.status !== 202 && res.status !== 200)
    throw await failure(res, "the edge worker refused the concept");
  return (await res.json()) as EdgeAnswer;
}

/** The concept's status; undefined while the orchestrator has not seen it yet (404). */
export async function readConcept(orchestratorUrl: string, id: string): Promise<ConceptView | undefined> {
  const res = await call(`${orchestratorUrl}/api/concepts/${id}`, {}, 15_000);
  if (res.status === 404) {
    await res.body?.cancel();
    return undefined;
  }
  if (!res.ok) throw await failure(res, "reading the concept failed");
  return await answerOf(res, conceptViewSchema, `the orchestrator's answer for concept ${id}`);
}

/** The summary (`summary.json`); undefined while it is not ready (409). */
export async function readSummary(orchestratorUrl: string, id: string): Promise<Summary | undefined> {
  const res = await call(`${orchestratorUrl}/api/concepts/${id}/summary`);
  if (res.status === 409) {
    await res.body?.cancel();
    return undefined;
  }
  if (!res.ok) throw await failure(res, "reading the summary failed");
  return (await res.json()) as Summary;
}

/** The report page (self-contained HTML); undefined while not ready (409). */
export async function readReport(orchestratorUrl: string, id: string): Promise<string | undefined> {
  const res = await call(`${orchestratorUrl}/concepts/${id}/report`);
  if (res.status === 409) {
    await res.body?.cancel();
    return undefined;
  }
  if (!res.ok) throw await failure(res, "reading the report failed");
  return await res.text();
}

export interface Metrics {
  total_return?: number | null;
  cagr?: number | null;
  sharpe_ratio?: number | null;
  max_drawdown?: number | null;
  trades_count?: number | null;
  exposure?: number | null;
}

/** `GET /api/concepts/:id/summary` (CONTRACTS.md "Report and summary"); fractions, not percent. */
export interface Summary {
  concept_id: string;
  concept: string;
  status?: string;
  strategy?: {
    name?: string;
    rule?: string;
    params?: Record<string, unknown>;
    reason?: string;
    symbol?: string;
    sets_tried?: number;
  };
  metrics?: Metrics;
  benchmark?: Metrics;
  year_days?: number;
  out_of_sample?: (Metrics & { start?: string; end?: string; benchmark?: Metrics }) | null;
  deflated_sharpe?: { value?: number | null; trials?: number; [key: string]: unknown } | null;
  sources_crawled?: number;
  sources_failed?: number;
  chunks?: number;
  passages?: Array<{ url: string; title?: string; text: string; score?: number }>;
  synthetic?: boolean;
  [key: string]: unknown;
}
