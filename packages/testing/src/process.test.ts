import { describe, expect, it } from "vitest";
import { answers, listeningPort, startProcess } from "./process.ts";
import { startSink } from "./sink.ts";
import { waitUntil } from "./wait.ts";

/** A tiny Node program as a child: logs a JSON "listening" line after a moment, then idles until signalled. */
const LISTENER = `
setTimeout(() => console.log(JSON.stringify({ msg: "listening", port: 4242 })), 20);
setInterval(() => {}, 1000);
`;

describe("startProcess", () => {
  it("waits for readiness read from the output, hands its value back, and stops the process", async () => {
    const started = await startProcess({
      name: "listener",
      args: ["-e", LISTENER],
      ready: ({ output }) => listeningPort(output()),
    });
    expect(started.ready).toBe(4242);
    expect(started.alive()).toBe(true);
    await started.stop();
    expect(started.alive()).toBe(false);
    expect(started.child.signalCode).toBe("SIGTERM");
  });

  it("kill9 ends it with SIGKILL", async () => {
    const started = await startProcess({ name: "idle", args: ["-e", "setInterval(() => {}, 1000)"] });
    await started.kill9();
    expect(started.child.signalCode).toBe("SIGKILL");
  });

  it("fails with the process's own output when it exits before it is ready", async () => {
    await expect(
      startProcess({
        name: "quitter",
        args: ["-e", "console.error('no config'); process.exit(3)"],
        ready: () => false,
      }),
    ).rejects.toThrow(/quitter exited with 3:\n.*no config/s);
  });

  it("fails, and leaves nothing running, when it is never ready", async () => {
    let pid: number | undefined;
    await expect(
      startProcess({
        name: "sleeper",
        args: ["-e", "setInterval(() => {}, 1000)"],
        timeoutMs: 200,
        ready: ({ child }) => {
          pid = child.pid;
          return false;
        },
      }),
    ).rejects.toThrow("waiting for sleeper to be ready");
    expect(pid).toBeTypeOf("number");
    expect(() => process.kill(pid as number, 0)).toThrow();
  });

  it("stops a detached launcher's whole process group", async () => {
    // The launcher starts a grandchild and prints its pid; stopping the launcher alone would orphan it.
    const launcher = `
const { spawn } = require("node:child_process");
const grandchild = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
console.log("grandchild " + grandchild.pid);
setInterval(() => {}, 1000);
`;
    const started = await startProcess({
      name: "launcher",
      args: ["-e", launcher],
      detached: true,
      ready: ({ output }) => /grandchild (\d+)/.exec(output())?.[1],
    });
    const grandchild = Number(started.ready);
    expect(() => process.kill(grandchild, 0)).not.toThrow();
    await started.stop();
    await waitUntil(
      () => {
        try {
          process.kill(grandchild, 0);
          return false;
        } catch {
          return true;
        }
      },
      { what: "the grandchild to be gone" },
    );
  });
});

describe("answers", () => {
  it("is true for any HTTP answer and false where nothing listens", async () => {
    const sink = await startSink(() => ({ status: 503 }));
    expect(await answers(sink.url)).toBe(true);
    const url = sink.url;
    await sink.close();
    expect(await answers(url)).toBe(false);
  });
});
