import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { isLoopbackAddress, listeningSockets } from "./listeners.ts";

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function listen(host: string): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no address");
  return address.port;
}

describe.skipIf(listeningSockets(process.pid) === null)("listeningSockets (reads /proc)", () => {
  it("finds this process's own listeners with their bound addresses, and nothing it does not hold", async () => {
    const before = listeningSockets(process.pid) ?? [];
    const v4 = await listen("127.0.0.1");
    const v6 = await listen("::1");
    const all = await listen("0.0.0.0");
    const found = (listeningSockets(process.pid) ?? []).filter(
      (socket) => !before.some((b) => b.port === socket.port),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        { family: 4, address: "127.0.0.1", port: v4 },
        { family: 6, address: "::1", port: v6 },
        { family: 4, address: "0.0.0.0", port: all },
      ]),
    );
    expect(found).toHaveLength(3);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect((listeningSockets(process.pid) ?? []).some((socket) => socket.port === all)).toBe(false);
  });

  it("tells loopback from the rest", () => {
    expect(["127.0.0.1", "127.8.0.1", "::1", "::ffff:127.0.0.1"].every(isLoopbackAddress)).toBe(true);
    expect(["0.0.0.0", "::", "10.0.0.1", "::ffff:10.0.0.1"].some(isLoopbackAddress)).toBe(false);
  });
});
