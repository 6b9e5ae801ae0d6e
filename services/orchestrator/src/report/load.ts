import { type BacktestReportView, type BacktestRunView, backtestReportViewSchema } from "@qp/schema";
import { HttpError } from "@qp/service-kit";
import type { ConceptView } from "../store/concept-view.ts";

/**
 * The concept's finished back-test, or the HTTP error that says why there is none yet: 409 `not_ready` while
 * the validation is requested or running (or was never requested), 409 `validation_failed` with the
 * validator's reason, 409 `report_unavailable` when the stored report cannot be read as a back-test.
 */
export function finishedBacktest(view: ConceptView): BacktestReportView {
  const validation = view.validation;
  if (!validation || validation.status === "requested" || validation.status === "running")
    throw new HttpError(
      409,
      "not_ready",
      `the back-test of concept ${view.concept_id} is not finished (validation: ${validation?.status ?? "not requested yet"}); try again when GET /api/concepts/${view.concept_id} shows it completed`,
    );
  if (validation.status === "failed")
    throw new HttpError(
      409,
      "validation_failed",
      `the back-test of concept ${view.concept_id} failed: ${validation.reason ?? "no reason recorded"}`,
    );
  if (validation.report_truncated)
    throw new HttpError(
      409,
      "report_unavailable",
      `the back-test report of concept ${view.concept_id} was too large to store whole; post the concept again with a smaller grid`,
    );
  const parsed = backtestReportViewSchema.safeParse(validation.report);
  if (!parsed.success)
    throw new HttpError(
      409,
      "report_unavailable",
      `the stored back-test of concept ${view.concept_id} is not readable: ${parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
        .join("; ")}`,
    );
  return parsed.data;
}

/**
 * The run a report leads with when the concept was tested on several symbols or templates: the best Sharpe
 * ratio (a null Sharpe ranks last), ties broken by total return. The others are named in the notes.
 */
export function leadRun(report: BacktestReportView): BacktestRunView {
  const sharpe = (run: BacktestRunView) => run.best.sharpe_ratio ?? Number.NEGATIVE_INFINITY;
  return report.runs.reduce((lead, run) =>
    sharpe(run) > sharpe(lead) ||
    (sharpe(run) === sharpe(lead) && run.best.total_return > lead.best.total_return)
      ? run
      : lead,
  );
}
