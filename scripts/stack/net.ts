import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

// The stack never takes the well-known ports unasked: every port it picks is a free one, found by binding 0.
export { freePort } from "../../packages/testing/src/net.ts";

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Wait until something accepts connections on 127.0.0.1:`port` (Redis, the fixture web: no /health). */
export async function waitForTcp(name: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await accepts(port))) {
    if (Date.now() > deadline) throw new Error(`${name} did not accept connections on port ${port}`);
    await sleep(100);
  }
}
