/**
 * The broker refused a publish, or could not be reached. `status` is the broker's HTTP status when it
 * answered (400 bad request, 401 wrong token, 413 too large, 5xx broker trouble); absent when the request
 * never got an answer (connection refused, DNS) or the message was refused before sending (invalid).
 * Callers decide: a 4xx will fail again as is, anything else may succeed on a later try.
 */
export class PublishError extends Error {
  override name = "PublishError";
  readonly status?: number;
  constructor(message: string, options: { status?: number | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.status !== undefined) this.status = options.status;
  }

  /** True when retrying the same publish cannot help (the broker answered 4xx other than 408/429). */
  get permanent(): boolean {
    return (
      this.status !== undefined &&
      this.status >= 400 &&
      this.status < 500 &&
      this.status !== 408 &&
      this.status !== 429
    );
  }
}
