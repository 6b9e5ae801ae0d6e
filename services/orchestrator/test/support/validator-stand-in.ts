import { backtestAcceptedSchema, validatorJobSchema } from "@qp/schema";
import { type StandIn, sendJson, startStandIn } from "./http-stand-in.ts";

export type ValidatorMode = "report" | "accepted" | "refuse" | "unavailable";

export interface ValidatorStandIn extends StandIn {
  mode: ValidatorMode;
}

/**
 * Stand-in for services/validator, its job answers built by the contract's schemas (@qp/schema): `POST
 * /backtest` with `{concept_id, concept, strategy?}` → 200 JSON report, or 202 `backtestAcceptedSchema`;
 * 400 when refused; 503 when unavailable. `GET /jobs/job_1` answers that the accepted job is still running.
 */
export async function startValidatorStandIn(): Promise<ValidatorStandIn> {
  let self: ValidatorStandIn | undefined;
  const standIn = await startStandIn((request, response) => {
    if (request.method === "GET" && request.path === "/health") {
      return sendJson(response, 200, { status: "degraded", service: "validator", services: {} });
    }
    if (request.method === "GET" && request.path === "/jobs/job_1") {
      return sendJson(
        response,
        200,
        validatorJobSchema.parse({
          job_id: "job_1",
          status: "running",
          created_at: new Date().toISOString(),
          bar_sets: 12_000_000,
        }),
      );
    }
    if (request.method !== "POST" || request.path !== "/backtest") {
      return sendJson(response, 404, { error: { code: "not_found", message: "no route", requestId: "x" } });
    }
    const body = JSON.parse(request.body) as { concept_id: string };
    switch (self?.mode ?? "report") {
      case "report":
        return sendJson(response, 200, {
          concept_id: body.concept_id,
          strategy: "sma_crossover",
          results: [{ symbol: "SPY", total_return: 0.12, sharpe_ratio: 0.8 }],
        });
      case "accepted":
        return sendJson(
          response,
          202,
          backtestAcceptedSchema.parse({
            job_id: "job_1",
            status_url: "/jobs/job_1",
            status: "queued",
            bar_sets: 12_000_000,
          }),
        );
      case "refuse":
        return sendJson(response, 400, {
          error: { code: "invalid_request", message: "unknown strategy", requestId: "x" },
        });
      case "unavailable":
        return sendJson(response, 503, { error: { code: "unavailable", message: "busy", requestId: "x" } });
    }
  });
  self = Object.assign(standIn, { mode: "report" as ValidatorMode });
  return self;
}
