import type { z } from "zod";

/** Flatten zod issues into `{ path, message }` pairs naming the failing path (`urls.2`, `concept`, `(root)`). */
export function describeIssues(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.slice(0, 50).map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join(".") : "(root)",
    message: issue.message,
  }));
}

/** One line: `concept: concept must have at least 3 characters; urls.2: must be an absolute http(s) URL`. */
export function summariseIssues(error: z.ZodError): string {
  return describeIssues(error)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join("; ");
}
