import type { TestProject } from "vitest/node";
import { ensureModel } from "../scripts/fetch-model.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Folder holding Xenova/all-MiniLM-L6-v2 (MODEL_DIR when set, else the fetched copy in .cache/models). */
    modelDir: string;
  }
}

/** vitest globalSetup: make sure the real model files are on disk before any test loads them. */
export default async function setup(project: TestProject): Promise<void> {
  project.provide("modelDir", process.env.MODEL_DIR ?? (await ensureModel()));
}
