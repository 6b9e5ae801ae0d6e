import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import type { EngineName } from "@qp/schema";

// biome-ignore lint/suspicious/noExplicitAny: tfjs namespaces differ by package; we use the shared core API.
export type Tf = any;

export interface TfBackend {
  tf: Tf;
  name: Exclude<EngineName, "native">;
  /** tfjs-node-gpu loaded AND a CUDA device is visible. */
  gpu: boolean;
  detail: string;
}

/** Is an NVIDIA GPU visible to this process? (tfjs-node-gpu silently runs on the CPU when it is not.) */
export function cudaDeviceVisible(): { visible: boolean; detail: string } {
  if (process.env.CUDA_VISIBLE_DEVICES === "" || process.env.CUDA_VISIBLE_DEVICES === "-1")
    return { visible: false, detail: "CUDA_VISIBLE_DEVICES hides every device" };
  try {
    const gpus = readdirSync("/proc/driver/nvidia/gpus");
    if (gpus.length > 0)
      return { visible: true, detail: `${gpus.length} NVIDIA GPU(s) in /proc/driver/nvidia/gpus` };
  } catch {}
  try {
    const list = execFileSync("nvidia-smi", ["-L"], {
      encoding: "utf8",
      timeout: 5000,
      stdio: ["ignore", "pipe", "ignore"],
    });
    if (/GPU \d+:/.test(list)) return { visible: true, detail: list.trim().split("\n")[0]! };
  } catch {}
  return { visible: false, detail: "no NVIDIA GPU visible (no /proc/driver/nvidia/gpus, no nvidia-smi)" };
}

// Package names in variables: they are optional (not installable here; present in the Docker image), so
// neither TypeScript nor a bundler may resolve them at build time.
const GPU_PACKAGE = "@tensorflow/tfjs-node-gpu";
const NODE_PACKAGE = "@tensorflow/tfjs-node";
const PURE_PACKAGE = "@tensorflow/tfjs";

let loading: Promise<TfBackend> | null = null;

/**
 * The best tfjs available, tried in order: tfjs-node-gpu (counted as GPU only when a CUDA device is
 * visible), tfjs-node (libtensorflow on the CPU), pure tfjs (JavaScript CPU kernels). Loaded once.
 * `prefer` lets tests force the fallback chain's later links.
 */
export function loadTfBackend(prefer: "best" | "pure" = "best"): Promise<TfBackend> {
  if (prefer === "pure") return loadPure("forced pure tfjs");
  loading ??= (async () => {
    const reasons: string[] = [];
    try {
      const tf = await import(GPU_PACKAGE);
      const cuda = cudaDeviceVisible();
      if (cuda.visible) {
        await tf.ready();
        return {
          tf,
          name: "tfjs-node-gpu" as const,
          gpu: true,
          detail: `tfjs-node-gpu on CUDA (${cuda.detail})`,
        };
      }
      reasons.push(`tfjs-node-gpu loaded but ${cuda.detail}`);
    } catch (error) {
      reasons.push(`tfjs-node-gpu not available (${firstLine(error)})`);
    }
    try {
      const tf = await import(NODE_PACKAGE);
      await tf.ready();
      return {
        tf,
        name: "tfjs-node" as const,
        gpu: false,
        detail: `tfjs-node on the CPU; ${reasons.join("; ")}`,
      };
    } catch (error) {
      reasons.push(`tfjs-node not available (${firstLine(error)})`);
    }
    return loadPure(reasons.join("; "));
  })();
  return loading;
}

async function loadPure(why: string): Promise<TfBackend> {
  const tf = await import(PURE_PACKAGE);
  await tf.setBackend("cpu");
  await tf.ready();
  return { tf, name: "tfjs", gpu: false, detail: `pure tfjs, cpu backend; ${why}` };
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error)
    .split("\n")[0]!
    .slice(0, 200);
}
