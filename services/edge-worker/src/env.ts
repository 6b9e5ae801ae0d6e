import { z } from "zod";

/** What the Worker is bound to: wrangler.toml vars, Worker secrets and the rate-limiting binding. */
export interface Bindings {
  ORCHESTRATOR_URL?: string;
  QSTASH_URL?: string;
  PROVIDERS?: string;
  MAX_URLS?: string;
  PROVIDER_TIMEOUT_MS?: string;
  ALLOWED_PORTS?: string;
  URL_DENYLIST?: string;
  USER_AGENT?: string;
  RATE_LIMIT_PERIOD_S?: string;
  MAX_BODY_BYTES?: string;
  LOG_LEVEL?: string;
  CACHE_TTL_S?: string;
  WIKIPEDIA_API_URL?: string;
  WIKIPEDIA_ARTICLE_BASE?: string;
  ARXIV_API_URL?: string;
  TAVILY_API_URL?: string;
  DISCOVERY_SOURCES?: string;
  FIXTURE_SEARCH_URL?: string;
  // Secrets.
  QSTASH_TOKEN?: string;
  TAVILY_API_KEY?: string;
  EDGE_API_KEY?: string;
  RATE_LIMITER?: RateLimit;
}

const commaList = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((part) => part.trim().toLowerCase())
      .filter((part) => part.length > 0),
  );

const positiveInt = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

const optionalSecret = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const configSchema = z
  .object({
    ORCHESTRATOR_URL: z.url({ protocol: /^https?$/ }).optional(),
    QSTASH_URL: z.url({ protocol: /^https?$/ }).default("https://qstash.upstash.io"),
    PROVIDERS: commaList.pipe(z.array(z.enum(["wikipedia", "arxiv", "tavily"]))),
    MAX_URLS: positiveInt(10, 100),
    PROVIDER_TIMEOUT_MS: positiveInt(5000, 30_000),
    ALLOWED_PORTS: commaList
      .pipe(z.array(z.string().regex(/^\d{1,5}$/, "ports are numbers")))
      .transform((ports) => ports.map(Number).filter((port) => port >= 1 && port <= 65535)),
    URL_DENYLIST: commaList,
    USER_AGENT: z
      .string()
      .min(1)
      .default(
        "qstash-pipeline-edge/0.1 (https://github.com/qstash-pipeline; ops@qstash-pipeline.example) cf-worker",
      ),
    RATE_LIMIT_PERIOD_S: positiveInt(60, 3600),
    MAX_BODY_BYTES: positiveInt(4096, 65_536),
    CACHE_TTL_S: z.coerce.number().int().min(0).max(604_800).default(3600),
    LOG_LEVEL: z.enum(["info", "warn", "error"]).default("info"),
    WIKIPEDIA_API_URL: z.url().default("https://en.wikipedia.org/w/api.php"),
    WIKIPEDIA_ARTICLE_BASE: z.url().default("https://en.wikipedia.org/wiki/"),
    ARXIV_API_URL: z.url().default("https://export.arxiv.org/api/query"),
    TAVILY_API_URL: z.url().default("https://api.tavily.com/search"),
    QSTASH_TOKEN: optionalSecret,
    TAVILY_API_KEY: optionalSecret,
    EDGE_API_KEY: optionalSecret,
    // `fixtures`: the offline demonstration, discovery from the bundled fixture web at FIXTURE_SEARCH_URL only.
    DISCOVERY_SOURCES: z.enum(["web", "fixtures"]).default("web"),
    FIXTURE_SEARCH_URL: z.url({ protocol: /^https?$/ }).optional(),
  })
  .refine((config) => config.DISCOVERY_SOURCES !== "fixtures" || config.FIXTURE_SEARCH_URL, {
    message: "DISCOVERY_SOURCES=fixtures needs FIXTURE_SEARCH_URL",
    path: ["FIXTURE_SEARCH_URL"],
  });

export type Config = z.infer<typeof configSchema>;

const parsed = new WeakMap<Bindings, Config>();

/**
 * Parses the bindings into typed config. Empty strings count as unset, so an empty `[vars]` entry falls back to
 * the default. Throws a ZodError naming the bad var (the app answers 500 `misconfigured`, never the secret).
 */
export function configFrom(bindings: Bindings): Config {
  // An isolate sees the same env object on every request: parse it once.
  const known = parsed.get(bindings);
  if (known) return known;
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(bindings)) {
    if (typeof value === "string" && value.trim() !== "") raw[key] = value;
  }
  if (raw.PROVIDERS === undefined) raw.PROVIDERS = "arxiv,wikipedia,tavily";
  const config = configSchema.parse(raw);
  parsed.set(bindings, config);
  return config;
}
