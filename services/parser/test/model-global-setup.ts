import type { TestProject } from "vitest/node";
import { ensureModel } from "../scripts/fetch-model.ts";
import { ensureFusedModel } from "../scripts/fused-model.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Folder holding Xenova/all-MiniLM-L6-v2 (MODEL_DIR when set, else the fetched copy in .cache/models). */
    modelDir: string;
    /** Why the fused graph could not be derived here ("" when it is there: the embedder then runs it). */
    fusedSkipped: string;
  }
}

/**
 * vitest globalSetup: make sure the real model files are on disk before any test loads them, and derive the
 * fused graph the parser runs by default (scripts/fused-model.ts), so the tests embed with what ships.
 */
export default async function setup(project: TestProject): Promise<void> {
  const modelDir = process.env.MODEL_DIR ?? (await ensureModel());
  const fused = await ensureFusedModel(modelDir);
  if ("skipped" in fused) console.warn(`parser tests run model_quantized.onnx: ${fused.skipped}`);
  project.provide("modelDir", modelDir);
  project.provide("fusedSkipped", "skipped" in fused ? fused.skipped : "");
}
