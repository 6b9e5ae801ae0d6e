import fc from "fast-check";

/**
 * Fuzzing of the public endpoints (issue 12): generated bodies and headers against the real app, asserting no
 * 5xx, no crash, every 4xx in the error envelope, and memory flat. Runs in Node and in workerd (no `node:`
 * import at the top; the heap is measured only where Node gives it). One module so that every service's suite
 * fuzzes the same way and the auth header is set in one place.
 */
export { fc };

const env: Record<string, string | undefined> =
  (globalThis as { process?: { env: Record<string, string> } }).process?.env ?? {};

/** Runs per endpoint: 10,000 unless FUZZ_RUNS says otherwise (e.g. 200 while developing a suite). */
export const FUZZ_RUNS = Number(env.FUZZ_RUNS ?? 10_000);
/** A fixed seed by default so a failure reproduces; FUZZ_SEED overrides it (print it when a run fails). */
export const FUZZ_SEED = Number(env.FUZZ_SEED ?? 20261201);

/**
 * How fuzzed requests authenticate: `headers` go on every authenticated request. While `required` is false
 * the service has no such check yet and the unauthenticated slice is only held to "no 5xx, envelope"; once a
 * service enforces its token (SERVICE_TOKEN for parser/validator, API_KEY for the orchestrator's query API),
 * set `required: true` in that suite and the slice must be refused with a 401 envelope.
 */
export interface FuzzAuth {
  headers: Record<string, string>;
  required: boolean;
}

/** `Authorization: Bearer <token>`, the shape every internal token uses (SERVICE_TOKEN, API_KEY: see the services' READMEs). */
export function bearerAuth(token: string, required: boolean): FuzzAuth {
  return { headers: { authorization: `Bearer ${token}` }, required };
}

/** One generated request: a body (text or undefined), extra headers, and whether to send the auth header. */
export interface FuzzRequest {
  /** Set where a suite fuzzes several routes of one API. */
  method?: string;
  path?: string;
  body: string | undefined;
  headers: Record<string, string>;
  authenticated: boolean;
}

const printable = fc.string({
  unit: fc.constantFrom(
    ..." !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~",
  ),
});

/** Header values a Request accepts (no CR/LF/NUL), from plausible to hostile. */
export const headerValue = fc.oneof(
  printable,
  fc.constantFrom(
    "",
    " ",
    "null",
    "0",
    "-1",
    "9".repeat(30),
    "application/json",
    "text/plain",
    "gzip",
    "chunked",
  ),
  fc.integer().map(String),
);

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant("application/json") },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "APPLICATION/JSON",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/octet-stream",
      "",
    ),
  },
  { weight: 1, arbitrary: printable },
);

/**
 * Extra headers: a content type (mostly JSON), plus a few names from `names` (the endpoint's own headers and
 * common ones) with hostile values.
 */
export function headersArbitrary(names: readonly string[] = []): fc.Arbitrary<Record<string, string>> {
  const pool = [
    "x-request-id",
    "accept",
    "accept-encoding",
    "content-encoding",
    "x-forwarded-for",
    "cookie",
    "user-agent",
    ...names,
  ];
  return fc
    .record({
      type: contentType,
      extra: fc.array(fc.tuple(fc.constantFrom(...pool), headerValue), { maxLength: 4 }),
    })
    .map(({ type, extra }) => {
      const headers: Record<string, string> = {};
      if (type !== "") headers["content-type"] = type;
      for (const [name, value] of extra) headers[name] = value;
      return headers;
    });
}

/**
 * Bodies around a valid one: `valid` as is (weight `validWeight` of 19), valid with one field removed / replaced by any JSON / an extra
 * field, any JSON value, any text (also broken UTF-16 and JSON prefixes), a large string, or nothing.
 */
export function bodyArbitrary<T extends Record<string, unknown>>(
  valid: fc.Arbitrary<T>,
  { validWeight = 4, keep = [] }: { validWeight?: number; keep?: readonly string[] } = {},
): fc.Arbitrary<string | undefined> {
  const mutated = valid.chain((value) => {
    // `keep`: fields a mutation leaves alone (e.g. the validator's synthetic_seed, so a mutant that is still
    // valid back-tests a generated series in milliseconds instead of loading a CSV).
    const keys = Object.keys(value).filter((key) => !keep.includes(key));
    if (keys.length === 0) return fc.constant(value as Record<string, unknown>);
    return fc.oneof(
      fc.constantFrom(...keys).map((key) => {
        const { [key]: _dropped, ...rest } = value;
        return rest;
      }),
      fc
        .tuple(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 3 }))
        .map(([key, any]) => ({ ...value, [key]: any })),
      fc
        .tuple(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }))
        .map(([key, any]) => ({ ...value, [key]: any })),
    );
  });
  return fc.oneof(
    { weight: validWeight, arbitrary: valid.map((value) => JSON.stringify(value)) },
    { weight: 6, arbitrary: mutated.map((value) => JSON.stringify(value)) },
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 200 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("{", "[", '{"a":', "null", "true", "1e999", '"\\ud800"', "{}".repeat(500)),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 300_000 }).map((n) => JSON.stringify({ text: "x".repeat(n) })),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** Requests: `body` and `headers`, and one in ~12 without the auth header (the unauthenticated slice). */
export function requestArbitrary(
  body: fc.Arbitrary<string | undefined>,
  headers: fc.Arbitrary<Record<string, string>> = headersArbitrary(),
  target?: fc.Arbitrary<{ method: string; path: string }>,
): fc.Arbitrary<FuzzRequest> {
  const authenticated = fc.oneof(
    { weight: 11, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  );
  const base = fc.record({ body, headers, authenticated });
  return target ? fc.tuple(base, target).map(([request, to]) => ({ ...request, ...to })) : base;
}

/** The house error envelope. */
export function isErrorEnvelope(value: unknown): boolean {
  const error = (value as { error?: Record<string, unknown> } | null)?.error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof error.code === "string" &&
    error.code.length > 0 &&
    typeof error.message === "string" &&
    typeof error.requestId === "string" &&
    error.requestId.length > 0
  );
}

/**
 * What is wrong with one answer, or null: a 5xx, a 4xx that is not a JSON envelope (by `envelope`, the house one
 * by default), or an unauthenticated request that was not refused with 401 where auth is required.
 */
export async function responseProblem(
  response: Response,
  request: FuzzRequest,
  auth: FuzzAuth,
  envelope: (body: unknown) => boolean = isErrorEnvelope,
): Promise<string | null> {
  const text = await response.text();
  if (response.status >= 500) return `HTTP ${response.status}: ${text.slice(0, 300)}`;
  if (!request.authenticated && auth.required && response.status !== 401)
    return `unauthenticated request answered ${response.status}, not 401`;
  if (response.status >= 400) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return `HTTP ${response.status} body is not JSON: ${text.slice(0, 200)}`;
    }
    if (!envelope(parsed))
      return `HTTP ${response.status} body is not the error envelope: ${text.slice(0, 200)}`;
  }
  return null;
}

export interface FuzzReport {
  runs: number;
  /** Answers by status code. */
  statuses: Record<number, number>;
  /** Heap growth in bytes between after the warm-up and after the runs, both after a full GC; null where the
   * runtime gives no heap figure (workerd). */
  heapGrowth: number | null;
}

async function collectGarbage(): Promise<(() => number) | null> {
  const proc = (
    globalThis as { process?: { memoryUsage?: () => { heapUsed: number }; versions?: { node?: string } } }
  ).process;
  if (!proc?.versions?.node || !proc.memoryUsage) return null;
  let gc: () => void;
  try {
    const v8 = await import("node:v8");
    const vm = await import("node:vm");
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc") as () => void;
  } catch {
    // workerd's node compatibility layer has node:v8 without its methods: no heap figure there.
    return null;
  }
  return () => {
    gc();
    gc();
    return proc.memoryUsage?.().heapUsed ?? 0;
  };
}

/**
 * Send `runs` generated requests with `send` and check each answer (throws on the first problem, with the
 * request that caused it, after fast-check has shrunk it). A warm-up of a tenth of the runs goes first, so the
 * heap is compared after lazy start-up work.
 */
export async function fuzzEndpoint({
  name,
  arbitrary,
  send,
  auth,
  runs = FUZZ_RUNS,
  envelope,
}: {
  name: string;
  arbitrary: fc.Arbitrary<FuzzRequest>;
  send: (request: FuzzRequest) => Response | Promise<Response>;
  auth: FuzzAuth;
  runs?: number;
  envelope?: (body: unknown) => boolean;
}): Promise<FuzzReport> {
  const statuses: Record<number, number> = {};
  const property = fc.asyncProperty(arbitrary, async (request) => {
    const response = await send(request);
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    const problem = await responseProblem(response, request, auth, envelope);
    if (problem) throw new Error(`${name}: ${problem}`);
  });
  const heap = await collectGarbage();
  const warmUp = Math.max(1, Math.floor(runs / 10));
  await fc.assert(property, { numRuns: warmUp, seed: FUZZ_SEED + 1, endOnFailure: true });
  const before = heap?.() ?? null;
  await fc.assert(property, { numRuns: runs, seed: FUZZ_SEED, endOnFailure: true });
  const after = heap?.() ?? null;
  return { runs, statuses, heapGrowth: before === null || after === null ? null : after - before };
}

/** Headers of one fuzzed request: its own, plus the auth header when it is in the authenticated slice. */
export function requestHeaders(request: FuzzRequest, auth: FuzzAuth): Record<string, string> {
  return { ...request.headers, ...(request.authenticated ? auth.headers : {}) };
}

/**
 * The fetch/`app.request` options of one fuzzed request: its method (else `method`), its headers plus the auth
 * header when it is in the authenticated slice, and its body unless it has none or is a GET. One place for
 * what every fuzz suite's `send` repeated.
 */
export function requestInit(
  request: FuzzRequest,
  auth: FuzzAuth,
  { method = "POST", headers = {} }: { method?: string; headers?: Record<string, string> } = {},
): RequestInit {
  const verb = request.method ?? method;
  return {
    method: verb,
    headers: { ...headers, ...requestHeaders(request, auth) },
    ...(request.body === undefined || verb === "GET" ? {} : { body: request.body }),
  };
}
