/** Flow control of a message: at most `parallelism` in flight and `rate` starts per `periodMs` per key. */
export interface FlowControl {
  key: string;
  parallelism?: number;
  rate?: number;
  periodMs: number;
}

/** A message as stored: everything needed to deliver it again after a restart. */
export interface StoredMessage {
  id: string;
  url: string;
  method: string;
  /** Headers delivered to the destination (the `Upstash-Forward-` prefix removed, plus Content-Type). */
  headers: Array<[string, string]>;
  body: Buffer;
  maxRetries: number;
  retryDelay?: string;
  /** Retries already made (0 before the first retry). */
  retried: number;
  /** Epoch ms before which the first attempt must not start. */
  notBefore: number;
  createdAt: number;
  callback?: string;
  failureCallback?: string;
  /** `upstash-callback-*` / `upstash-failure-callback-*` settings, prefix rewritten to `upstash-`. */
  callbackHeaders?: Record<string, string>;
  failureCallbackHeaders?: Record<string, string>;
  queueName?: string;
  flowControl?: FlowControl;
  timeoutMs?: number;
  labels?: string[];
  callerIp?: string;
  /** Row id in the store (set when stored; not part of the stored JSON). */
  seq?: number;
  /** For callback messages: the message whose outcome they report. */
  sourceMessageId?: string;
}

/** The destination's answer to one attempt (status undefined: timeout or connection error). */
export interface AttemptResponse {
  status?: number;
  headers: Record<string, string[]>;
  body: Buffer;
  error?: string;
}

/** A dead-lettered message with the last response it got. */
export interface DlqEntry {
  dlqId: string;
  seq: number;
  message: StoredMessage;
  response: AttemptResponse;
  failedAt: number;
}

export interface QueueConfig {
  name: string;
  parallelism: number;
  paused: boolean;
  createdAt: number;
  updatedAt: number;
}
