import type { ContentfulStatusCode } from "hono/utils/http-status";

/** An API failure answered as QStash does: `{"error": "..."}` with this status. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
  ) {
    super(message);
  }
}
