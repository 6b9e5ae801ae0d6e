import { parentPort } from "node:worker_threads";
import { extractHtml, extractText } from "./extract.ts";

/** Worker thread body of the extraction pool: one task at a time, answers `{id, result}` or `{id, error}`. */
export interface ExtractTask {
  id: number;
  kind: "html" | "text";
  body: string;
  url: string;
  contentLanguage?: string;
}

parentPort?.on("message", (task: ExtractTask) => {
  try {
    const result =
      task.kind === "html"
        ? extractHtml(task.body, task.url, task.contentLanguage)
        : extractText(task.body, task.contentLanguage);
    parentPort?.postMessage({ id: task.id, result });
  } catch (error) {
    parentPort?.postMessage({ id: task.id, error: (error as Error).message ?? String(error) });
  }
});
