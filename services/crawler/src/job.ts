import { conceptIdOf, crawlJobSchema, httpUrlSchema, summariseIssues } from "@qp/schema";

/**
 * A job from `start_urls` (a public list: any producer may push), validated like every other Redis read.
 * Accepted: a JSON job `{url, concept_id?, concept?, discovered_by?}` or a bare URL string (plain or as a JSON
 * string). Bare URLs and jobs without a concept are crawled under DEFAULT_CONCEPT, so their messages stay
 * schema-valid and land in one well-known bucket the orchestrator can show. The JSON form is `crawlJobSchema`
 * of @qp/schema, the rule the orchestrator writes by.
 */

export const DEFAULT_CONCEPT = "unassigned sources";

export interface CrawlJob {
  url: string;
  conceptId: string;
  concept: string;
  discoveredBy: string | null;
}

export type ParsedJob = { ok: true; job: CrawlJob } | { ok: false; reason: string };

function bareUrl(text: string, concept: string): ParsedJob {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: "not JSON and not a URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, reason: `not an http(s) URL (scheme ${url.protocol})` };
  }
  const checked = httpUrlSchema.safeParse(text);
  if (!checked.success) return { ok: false, reason: `bad URL: ${summariseIssues(checked.error)}` };
  return { ok: true, job: { url: checked.data, conceptId: "", concept, discoveredBy: null } };
}

/** Parse one raw list item; never throws, a bad job comes back with the reason it goes to the dead list. */
export async function parseJob(raw: string, defaultConcept = DEFAULT_CONCEPT): Promise<ParsedJob> {
  const text = raw.trim();
  let parsed: ParsedJob;
  if (text.startsWith("{") || text.startsWith('"') || text.startsWith("[")) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { ok: false, reason: `not valid JSON: ${(error as Error).message}` };
    }
    if (typeof value === "string") {
      parsed = bareUrl(value.trim(), defaultConcept);
    } else {
      const job = crawlJobSchema.safeParse(value);
      if (!job.success) return { ok: false, reason: `invalid job: ${summariseIssues(job.error)}` };
      const { url, concept_id, concept, discovered_by } = job.data;
      parsed = {
        ok: true,
        job: {
          url,
          conceptId: concept_id ?? "",
          concept: concept ?? defaultConcept,
          discoveredBy: discovered_by ?? null,
        },
      };
    }
  } else {
    parsed = bareUrl(text, defaultConcept);
  }
  if (parsed.ok) {
    if (!parsed.job.conceptId) parsed.job.conceptId = await conceptIdOf(parsed.job.concept);
  }
  return parsed;
}
