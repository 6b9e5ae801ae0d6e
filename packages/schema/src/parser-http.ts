import { z } from "zod";
import { conceptIdSchema, httpUrlSchema } from "./common.ts";

/**
 * The parser's JSON answer to `POST /parse` (a `crawl.result` in the body), read by the orchestrator to mark
 * the URL parsed: `chunks` the page made, `written` the chunks stored this time (0 when a redelivery found
 * them stored already), `truncated` when the page was cut to the chunk limit.
 */
export const parseAnswerSchema = z.strictObject({
  chunks: z.number().int().min(0),
  truncated: z.boolean(),
  written: z.number().int().min(0),
  concept_id: conceptIdSchema,
  url: httpUrlSchema,
});
export type ParseAnswer = z.infer<typeof parseAnswerSchema>;
