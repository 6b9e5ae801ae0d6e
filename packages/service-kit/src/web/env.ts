import { z } from "zod";

/**
 * An explicit boolean from an environment string: `true/false`, `1/0`, `yes/no`, `on/off`. Anything else is an
 * error. (Never `z.coerce.boolean()`: it turns the string "false" into `true`.)
 */
export const envBoolean = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { error: "must be true or false" }))
  .transform((value) => value === "true" || value === "1" || value === "yes" || value === "on");

/** A TCP port 1–65535 from a string. */
export const envPort = z.coerce.number().int().min(1).max(65_535);

/**
 * `HOST`, the address a service binds: 127.0.0.1 unless set. Nothing listens beyond loopback by accident;
 * containers and deployments say `HOST=0.0.0.0` (and then must set the service's secrets, see checkExposure).
 */
export const envHost = z.string().trim().min(1).default("127.0.0.1");

/** pino's levels; `silent` turns logging off (tests, one-off tools). */
export const envLogLevel = z
  .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
  .default("info");

/**
 * The fields every Node service reads the same way: `PORT` (its default differs per service), `HOST`
 * (127.0.0.1 unless set) and `LOG_LEVEL`. Spread into a service's schema:
 * `z.object({ ...serviceEnvFields(8002), MODEL_DIR: … })`.
 */
export function serviceEnvFields(defaultPort: number) {
  return {
    // 0 asks the system for a free port (tests, several copies on one machine); the port bound is logged.
    PORT: z.coerce.number().int().min(0).max(65_535).default(defaultPort),
    HOST: envHost,
    LOG_LEVEL: envLogLevel,
  };
}

/** A shared secret (`SERVICE_TOKEN`, `API_KEY`): 16+ visible ASCII characters, so a typo'd short one fails. */
export const envSecret = z
  .string()
  .regex(/^[!-~]{16,512}$/, { error: "must be 16 to 512 visible ASCII characters, no spaces" });

/** A positive integer from a string (sizes, counts, milliseconds). */
export const envPositiveInt = z.coerce.number().int().positive();

/** Thrown by `parseEnv`; its message lists every bad variable, never a value (they may be secrets). */
export class EnvError extends Error {
  override name = "EnvError";
}

/**
 * Parse `source` (default `process.env`) with a zod object schema. Call it in `main()`, not at import, so
 * tests can build apps with their own settings. Fails loudly with every problem at once.
 */
export function parseEnv<T extends z.ZodType>(
  schema: T,
  // A Worker has no process.env (its settings come as bindings): it passes them in.
  source: Record<string, string | undefined> = typeof process === "undefined" ? {} : process.env,
): z.infer<T> {
  // Empty strings mean "unset": `FOO=` in an env file should fall back to the default, not fail a parse.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `  ${issue.path.join(".") || "(env)"}: ${issue.message}`,
  );
  throw new EnvError(`invalid environment:\n${problems.join("\n")}`);
}
