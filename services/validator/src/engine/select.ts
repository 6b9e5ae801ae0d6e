import type { TfBackend } from "./backend.ts";
import { cudaDeviceVisible, loadTfBackend } from "./backend.ts";
import { createNativeEngine } from "./native.ts";
import { KernelPool } from "./pool.ts";
import { createTfjsEngine, type TfjsEngine } from "./tfjs-engine.ts";
import type { Engine } from "./types.ts";

export interface EngineChoice {
  engine: Engine;
  reason: string;
}

export interface Engines {
  native: Engine & { pool: KernelPool };
  /** Which tfjs loaded and whether it is on a GPU (loads it on first call). */
  backend(): Promise<TfBackend>;
  tfjs(): Promise<TfjsEngine>;
  /**
   * auto: tfjs only on a real GPU (tfjs-node-gpu loaded AND a CUDA device visible), else the native CPU
   * engine, which beats tfjs on a CPU. native/tfjs: as asked (tfjs then runs on whatever backend loaded).
   */
  choose(requested: "auto" | "native" | "tfjs"): Promise<EngineChoice>;
  close(): Promise<void>;
}

export function createEngines(options: { threads?: number; tfjsPrefer?: "best" | "pure" } = {}): Engines {
  const native = createNativeEngine(new KernelPool(options.threads));
  let tfjs: Promise<TfjsEngine> | null = null;
  const engines: Engines = {
    native,
    backend: () => loadTfBackend(options.tfjsPrefer ?? "best"),
    tfjs: () => (tfjs ??= createTfjsEngine({ prefer: options.tfjsPrefer ?? "best" })),
    async choose(requested) {
      if (requested === "native") return { engine: native, reason: "native CPU engine, as requested" };
      if (requested === "tfjs") {
        const engine = await engines.tfjs();
        return { engine, reason: `tfjs, as requested: ${engine.backend.detail}` };
      }
      // No CUDA device → no GPU engine, whatever tfjs packages exist: skip loading tfjs at all (seconds).
      const cuda = cudaDeviceVisible();
      if (!cuda.visible)
        return {
          engine: native,
          reason: `auto: ${cuda.detail}, so the native CPU engine (${native.pool.threads} threads)`,
        };
      const backend = await engines.backend();
      if (backend.gpu) {
        const engine = await engines.tfjs();
        return { engine, reason: `auto: GPU available (${backend.detail})` };
      }
      return {
        engine: native,
        reason: `auto: no GPU, so the native CPU engine (${native.pool.threads} threads); ${backend.detail}`,
      };
    },
    close: () => native.pool.close(),
  };
  return engines;
}
