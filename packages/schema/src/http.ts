import { z } from "zod";

export const healthStatusSchema = z.enum(["healthy", "degraded", "unhealthy"]);
export type HealthStatus = z.infer<typeof healthStatusSchema>;

/** One dependency as `/health` reports it. */
export const dependencyHealthSchema = z.strictObject({
  status: healthStatusSchema,
  latency_ms: z.number().min(0).optional(),
  message: z.string().max(1000).optional(),
});
export type DependencyHealth = z.infer<typeof dependencyHealthSchema>;

/** `GET /health` of every service. */
export const healthResponseSchema = z.strictObject({
  status: healthStatusSchema,
  service: z.string().min(1).max(64).optional(),
  services: z.record(z.string().min(1).max(64), dependencyHealthSchema),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** The one error envelope every HTTP service answers with. */
export const errorEnvelopeSchema = z.strictObject({
  error: z.strictObject({
    code: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
    message: z.string().max(4000),
    requestId: z.string().max(128),
    details: z
      .array(z.strictObject({ path: z.string().max(512), message: z.string().max(1000) }))
      .max(50)
      .optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
