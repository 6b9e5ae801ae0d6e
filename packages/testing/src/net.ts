import { createServer } from "node:net";

/**
 * A free TCP port on loopback, found by binding port 0. No dependencies, so the local stack
 * (scripts/stack) uses this one too.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
