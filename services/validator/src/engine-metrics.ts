import { Gauge, type Registry } from "prom-client";
import type { Engines } from "./engine/select.ts";

/**
 * Which engine `auto` runs on and whether it is on a GPU, read at scrape time (the tfjs backend loads on the
 * first read). `validator_gpu_accelerated` is 1 only with tfjs-node-gpu loaded AND a CUDA device visible; on a
 * CPU-only host it is honestly 0.
 */
export function registerEngineMetrics(registry: Registry, engines: Engines): void {
  const registers = [registry];
  new Gauge({
    name: "validator_gpu_accelerated",
    help: "1 when back-tests run on a GPU (tfjs-node-gpu with a visible CUDA device), else 0",
    registers,
    async collect() {
      this.set((await engines.backend()).gpu ? 1 : 0);
    },
  });
  new Gauge({
    name: "validator_engine_info",
    help: "The engine `auto` picks and the tfjs backend that loaded (value always 1)",
    labelNames: ["auto_engine", "tfjs_backend"] as const,
    registers,
    async collect() {
      const backend = await engines.backend();
      this.reset();
      this.set({ auto_engine: backend.gpu ? backend.name : "native", tfjs_backend: backend.name }, 1);
    },
  });
  new Gauge({
    name: "validator_native_threads",
    help: "Worker threads of the native CPU engine",
    registers,
    collect() {
      this.set(engines.native.pool.threads);
    },
  });
}
