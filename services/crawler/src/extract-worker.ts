import { parentPort } from "node:worker_threads";
import { type ExtractInput, extractBody } from "./extract-body.ts";

/** Worker thread body of the extraction pool: one task at a time, answers `{id, result}` or `{id, error}`. */
export interface ExtractTask extends ExtractInput {
  id: number;
}

parentPort?.on("message", (task: ExtractTask) => {
  try {
    parentPort?.postMessage({ id: task.id, result: extractBody(task) });
  } catch (error) {
    parentPort?.postMessage({ id: task.id, error: (error as Error).message ?? String(error) });
  }
});
