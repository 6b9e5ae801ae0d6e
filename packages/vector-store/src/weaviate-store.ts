import { stableUuid } from "@qp/schema";
import { TransientError } from "@qp/service-kit";
import weaviate, { type Collection, Filters, type FilterValue, type WeaviateClient } from "weaviate-client";
import type { BacktestRecord, CountOptions, VectorStore } from "./types.ts";
import {
  assertConceptId,
  VectorStoreInputError,
  validateBacktests,
  validateDocuments,
  validateVector,
} from "./validate.ts";
import {
  BACKTEST,
  backtestCollection,
  backtestFromProperties,
  backtestObject,
  DOCUMENT,
  documentCollection,
  documentObject,
  hitFromObject,
} from "./weaviate-schema.ts";

export interface WeaviateStoreOptions {
  /** REST endpoint, e.g. http://127.0.0.1:8080 */
  url: string;
  /** gRPC endpoint; default the REST host on port 50051. */
  grpcUrl?: string;
  grpcHost?: string;
  grpcPort?: number;
  apiKey?: string;
  /** Objects per insertMany call (one gRPC message each). */
  batchSize?: number;
  /** insertMany calls of one upsert sent side by side (default 4; see `insert`). */
  batchesInFlight?: number;
  /** Tries per batch, for transport errors and for the objects a batch reported as failed. */
  maxAttempts?: number;
  /**
   * Seconds one gRPC query / insert may take, the client's own retries included (default 10 / 15). The
   * client retries UNAVAILABLE five times with backoff (about 19 s in all) and nothing else bounds it, so
   * these keep a request that finds Weaviate down inside a QStash delivery's 30 s timeout.
   */
  queryTimeoutS?: number;
  insertTimeoutS?: number;
  /** Collection names (PascalCase); default `Document` and `Backtest`. */
  collections?: { document?: string; backtest?: string };
}

/** How long /health waits for its gRPC round trip (the client's own retries would take ~19 s). */
const HEALTH_GRPC_TIMEOUT_MS = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Errors the client already retried (gRPC UNAVAILABLE, five tries) or that used up the whole timeout:
 * another round of our own only keeps the caller waiting.
 */
function alreadyRetried(error: unknown): boolean {
  const { name = "", message = "" } = (error ?? {}) as { name?: string; message?: string };
  return name === "WeaviateRequestTimeoutError" || /\bUNAVAILABLE\b/.test(message);
}

/** `connectToCustom` options from our settings: hosts, ports and TLS from the URLs, the API key, timeouts (s). */
export function weaviateConnectOptions(options: WeaviateStoreOptions) {
  const rest = new URL(options.url);
  const grpc = options.grpcUrl ? new URL(options.grpcUrl) : undefined;
  const httpSecure = rest.protocol === "https:";
  const grpcSecure = grpc ? grpc.protocol === "https:" || grpc.protocol === "grpcs:" : httpSecure;
  return {
    httpHost: rest.hostname,
    httpPort: Number(rest.port || (httpSecure ? 443 : 80)),
    httpPath: rest.pathname === "/" ? "" : rest.pathname.replace(/\/$/, ""),
    httpSecure,
    grpcHost: grpc?.hostname ?? options.grpcHost ?? rest.hostname,
    grpcPort: Number(grpc?.port || options.grpcPort || 50051),
    grpcSecure,
    ...(options.apiKey ? { authCredentials: new weaviate.ApiKey(options.apiKey) } : {}),
    timeout: { init: 5, query: options.queryTimeoutS ?? 10, insert: options.insertTimeoutS ?? 15 },
  };
}

/** Never let a Weaviate error text carry the API key into a log line. */
function scrub(message: string, apiKey?: string): string {
  return apiKey ? message.replaceAll(apiKey, "[redacted]") : message;
}

/**
 * The objects of one call with one id each, the later one kept (in the callers' order): Weaviate applies the
 * objects of a batch concurrently, so two with one id would race, and `written` would count both (LanceDB's
 * store does the same).
 */
function lastPerId<T extends { id: string }>(objects: T[]): T[] {
  const last = new Map(objects.map((object, index) => [object.id, index]));
  return [...last.values()].sort((a, b) => a - b).map((index) => objects[index] as T);
}

/**
 * Weaviate (client v3, REST for schema, gRPC for batches and queries). Collections `Document` and `Backtest`
 * are created at init when absent, with self-provided vectors. Inserts go in chunks of `batchSize`; a chunk
 * whose transport fails is retried whole, and objects the server rejected one by one are retried alone, up to
 * `maxAttempts`; what still fails is reported in a TransientError that says how much was written (ids are
 * deterministic, so the caller's retry overwrites rather than duplicates).
 */
export function createWeaviateStore(options: WeaviateStoreOptions): VectorStore {
  const batchSize = options.batchSize ?? 100;
  const inFlight = options.batchesInFlight ?? 4;
  const maxAttempts = options.maxAttempts ?? 3;
  const DOC = options.collections?.document ?? DOCUMENT;
  const BT = options.collections?.backtest ?? BACKTEST;
  let connecting: Promise<WeaviateClient> | undefined;

  const client = () => {
    connecting ??= (async () => {
      const connected = await weaviate.connectToCustom(weaviateConnectOptions(options));
      const configs = [
        { ...documentCollection, name: DOC },
        { ...backtestCollection, name: BT },
      ];
      for (const config of configs) {
        if (!(await connected.collections.exists(config.name))) {
          await connected.collections.create(config).catch(async (error: unknown) => {
            // Another instance created it between our check and our create.
            if (!(await connected.collections.exists(config.name))) throw error;
          });
        }
      }
      return connected;
    })().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  };

  const call = async <T>(what: string, run: (c: WeaviateClient) => Promise<T>): Promise<T> => {
    try {
      return await run(await client());
    } catch (error) {
      // Bad input (a concept id that is not one) stays permanent: a 503 would have QStash retry it forever.
      if (error instanceof TransientError || error instanceof VectorStoreInputError) throw error;
      throw new TransientError(
        `weaviate ${what} failed: ${scrub((error as Error).message, options.apiKey)}`,
        {
          cause: error,
        },
      );
    }
  };

  /**
   * One batch, with its own retries: the whole batch again after a transport error, then only the objects the
   * server rejected. What is left after `maxAttempts` (or after an error the client already retried) comes
   * back as `pending`.
   */
  const insertBatch = async (name: string, batch: Array<{ id: string }>) => {
    let pending = batch;
    let error = "";
    for (let attempt = 1; ; attempt++) {
      const collection = (await client()).collections.use(name) as Collection;
      let failed: number[];
      try {
        const result = await collection.data.insertMany(pending as never);
        failed = Object.keys(result.errors).map(Number);
        error = Object.values(result.errors)[0]?.message ?? "";
      } catch (caught) {
        error = (caught as Error).message;
        if (alreadyRetried(caught))
          return { written: batch.length - pending.length, pending: pending.length, error, cause: caught };
        failed = pending.map((_, index) => index);
      }
      pending = failed.map((index) => pending[index] as { id: string });
      if (pending.length === 0 || attempt >= maxAttempts)
        return { written: batch.length - pending.length, pending: pending.length, error, tries: attempt };
      await sleep(200 * 2 ** (attempt - 1));
    }
  };

  /**
   * Batches of `batchSize`, up to `inFlight` at a time: weaviate-client 3.12's insertMany waits ~500 ms
   * before sending any batch of two or more objects (its serialiser polls for completion every 500 ms), a
   * wait that costs no CPU, so batches sent side by side share it. After a failed batch no further batch is
   * started; the error says how many objects were written in all (ids are deterministic, so the caller's
   * retry overwrites what was written).
   */
  const insert = async (name: string, all: Array<{ id: string }>): Promise<number> => {
    const objects = lastPerId(all);
    const batches: Array<Array<{ id: string }>> = [];
    for (let start = 0; start < objects.length; start += batchSize)
      batches.push(objects.slice(start, start + batchSize));
    let written = 0;
    let next = 0;
    let failure: { pending: number; error: string; tries?: number; cause?: unknown } | undefined;
    await Promise.all(
      Array.from({ length: Math.min(inFlight, batches.length) }, async () => {
        while (next < batches.length && !failure) {
          const result = await insertBatch(name, batches[next++] as Array<{ id: string }>);
          written += result.written;
          if (result.pending > 0) failure ??= result;
        }
      }),
    );
    if (failure) {
      const notWritten = objects.length - written;
      const tries = failure.tries ? ` after ${failure.tries} tries` : "";
      throw new TransientError(
        `weaviate ${name}: ${notWritten} objects not written${tries} ` +
          `(${written} of ${objects.length} written): ${scrub(failure.error, options.apiKey)}`,
        failure.cause ? { cause: failure.cause } : undefined,
      );
    }
    return written;
  };

  const filterFor = (
    collection: Collection,
    { conceptId, sourceUrl }: CountOptions,
  ): FilterValue | undefined => {
    const parts: FilterValue[] = [];
    if (conceptId !== undefined) {
      assertConceptId(conceptId);
      parts.push(collection.filter.byProperty("concept_id").equal(conceptId));
    }
    if (sourceUrl !== undefined) parts.push(collection.filter.byProperty("source_url").equal(sourceUrl));
    if (parts.length === 0) return undefined;
    return parts.length === 1 ? parts[0] : Filters.and(...parts);
  };

  /** Our input checks run before connecting: a bad concept id is bad input even while Weaviate is down. */
  const checkConcept = (conceptId: string | undefined) => {
    if (conceptId !== undefined) assertConceptId(conceptId);
  };

  const count = async (name: string, options: CountOptions) => {
    checkConcept(options.conceptId);
    return call(`count ${name}`, async (c) => {
      const collection = c.collections.use(name) as Collection;
      const filters = filterFor(collection, options);
      const result = await collection.aggregate.overAll(filters ? { filters } : {});
      return result.totalCount;
    });
  };

  return {
    kind: "weaviate",
    init: () => call("init", async () => undefined),

    async upsertDocuments(input) {
      const documents = validateDocuments(input);
      const objects = await Promise.all(
        documents.map(async (d) =>
          documentObject(await stableUuid(d.concept_id, d.source_url, d.chunk_index), d),
        ),
      );
      return call("upsert", async () => ({ written: await insert(DOC, objects) }));
    },

    async deleteStaleChunks(conceptId, sourceUrl, fromChunkIndex) {
      checkConcept(conceptId);
      return call("delete", async (c) => {
        const collection = c.collections.use(DOC) as Collection;
        const base = filterFor(collection, { conceptId, sourceUrl }) as FilterValue;
        const stale = collection.filter.byProperty("chunk_index").greaterOrEqual(Math.max(0, fromChunkIndex));
        const result = await collection.data.deleteMany(Filters.and(base, stale));
        if (result.failed > 0)
          throw new TransientError(`weaviate delete: ${result.failed} objects not deleted`);
        return result.successful;
      });
    },

    async searchDocuments(vector, { conceptId, limit }) {
      const query = validateVector(vector);
      checkConcept(conceptId);
      return call("search", async (c) => {
        const collection = c.collections.use(DOC) as Collection;
        const filters = filterFor(collection, { conceptId });
        const result = await collection.query.nearVector(query, {
          limit,
          returnMetadata: ["distance"],
          ...(filters ? { filters } : {}),
        });
        return result.objects.map((object) =>
          hitFromObject(object as unknown as Parameters<typeof hitFromObject>[0]),
        );
      });
    },

    countDocuments: (options = {}) => count(DOC, options),

    async upsertBacktests(input) {
      const records = validateBacktests(input);
      const objects = await Promise.all(
        records.map(async (r) => backtestObject(await stableUuid(r.concept_id, r.portfolio_id), r)),
      );
      return call("upsert backtests", async () => ({ written: await insert(BT, objects) }));
    },

    async listBacktests({ conceptId, limit = 1000 }) {
      checkConcept(conceptId);
      return call("list backtests", async (c) => {
        const collection = c.collections.use(BT) as Collection;
        const filters = filterFor(collection, { conceptId }) as FilterValue;
        const result = await collection.query.fetchObjects({ filters, limit });
        return result.objects.map((object) =>
          backtestFromProperties(object.properties as Record<string, unknown>),
        );
      });
    },

    countBacktests: (options = {}) => count(BT, options),

    async health() {
      const started = performance.now();
      try {
        const c = await client();
        if (!(await c.isReady())) return { status: "unhealthy", message: "weaviate not ready" };
        // isReady is REST; every read and write goes over gRPC, which can be down on its own: one small
        // query over it, bounded so /health answers while the client is still retrying.
        const probe = c.collections.use(DOC).query.fetchObjects({ limit: 1, returnProperties: [] });
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`gRPC did not answer within ${HEALTH_GRPC_TIMEOUT_MS} ms`)),
            HEALTH_GRPC_TIMEOUT_MS,
          );
        });
        probe.catch(() => undefined); // a late failure after the deadline is already reported
        try {
          await Promise.race([probe, deadline]);
        } catch (error) {
          throw new Error(`gRPC: ${(error as Error).message}`);
        } finally {
          clearTimeout(timer);
        }
        return { status: "healthy", latency_ms: Math.round(performance.now() - started) };
      } catch (error) {
        return {
          status: "unhealthy",
          message: `weaviate: ${scrub((error as Error).message, options.apiKey)}`,
        };
      }
    },

    async close() {
      const current = connecting;
      connecting = undefined;
      if (current) await (await current.catch(() => undefined))?.close();
    },
  };
}

export type { BacktestRecord };
