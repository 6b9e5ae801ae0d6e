import { settleRequestSchema } from "@qp/schema";
import {
  bearerToken,
  HttpError,
  readJsonBody,
  type ServiceEnv,
  sameSecret,
  validationError,
} from "@qp/service-kit";
import { Hono } from "hono";
import { type SettleDeps, settleValidationJob } from "../validation-job.ts";

/**
 * `POST /validations/settle` (mounted under /api), called by the validator when a back-test job ends. The body
 * only says which job to look at: the outcome is read from the validator's `GET /jobs/:id`, so a forged call
 * can at most make us ask. With `SERVICE_TOKEN` set it must come as `Authorization: Bearer`.
 * 200 `{outcome}` once settled (or already settled); 409 while the job is not recorded as running yet (the
 * validator can finish before our 202 write lands: it retries) or still runs; 503 when the validator did not answer.
 */
export function createValidationRoutes(deps: SettleDeps): Hono<ServiceEnv> {
  const routes = new Hono<ServiceEnv>();
  routes.post("/validations/settle", async (c) => {
    const token = deps.config.serviceToken;
    if (token) {
      const given = bearerToken(c.req.header("authorization")) ?? "";
      if (!sameSecret(given, token))
        throw new HttpError(401, "unauthorized", "a valid service token is required");
    }
    // Two ids: anything near this size is not a settle notice.
    const parsed = settleRequestSchema.safeParse(await readJsonBody(c.req.raw, { maxBytes: 16 * 1024 }));
    if (!parsed.success) throw validationError(parsed.error);
    const { concept_id, job_id } = parsed.data;
    const outcome = await settleValidationJob(concept_id, deps, job_id);
    if (outcome === "settled" || outcome === "already_settled") return c.json({ outcome });
    if (outcome === "unavailable") {
      throw new HttpError(503, "validator_unavailable", `could not read job ${job_id} from the validator`);
    }
    if (outcome === "pending") throw new HttpError(409, "job_running", `job ${job_id} is still running`);
    // Not recorded as running yet: the validator can finish before our write of its 202 lands; it retries.
    throw new HttpError(409, "job_not_recorded", `concept ${concept_id} has no running job ${job_id} (yet)`);
  });
  return routes;
}
