import { randomBytes } from "node:crypto";
import { connect, createServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createWeaviateStore,
  vectorStoreEnvSchema,
  weaviateConnectOptions,
  weaviateOptionsFromEnv,
} from "../src/index.ts";
import { axisVector, doc, expectTransient } from "./contract.ts";

const url = process.env.WEAVIATE_URL;

/** A loopback TCP relay to Weaviate's gRPC port that the test can cut, like a Weaviate that went away. */
async function grpcRelay(host: string, port: number) {
  const sockets = new Set<Socket>();
  const server = createServer((inbound) => {
    const outbound = connect(port, host);
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on("error", () => socket.destroy());
      socket.on("close", () => sockets.delete(socket));
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("relay has no port");
  return {
    port: address.port,
    cut: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

describe.skipIf(!url)("Weaviate whose gRPC goes away after the store connected (WEAVIATE_URL set)", () => {
  const env = vectorStoreEnvSchema.parse(process.env);
  const auth = env.WEAVIATE_API_KEY ? { apiKey: env.WEAVIATE_API_KEY } : {};
  let relay: Awaited<ReturnType<typeof grpcRelay>>;
  beforeAll(async () => {
    // Where the real gRPC endpoint is, read exactly as the store reads it.
    const target = weaviateConnectOptions(
      weaviateOptionsFromEnv({ ...env, WEAVIATE_URL: env.WEAVIATE_URL as string }),
    );
    relay = await grpcRelay(target.grpcHost, target.grpcPort);
  });
  afterAll(async () => relay?.cut().catch(() => undefined));

  it("fails transiently within its timeouts instead of retrying for a minute", async () => {
    const store = createWeaviateStore({
      url: env.WEAVIATE_URL as string,
      ...auth,
      grpcUrl: `http://127.0.0.1:${relay.port}`,
      insertTimeoutS: 2,
      queryTimeoutS: 2,
    });
    try {
      const concept = randomBytes(12).toString("hex");
      expect(await store.upsertDocuments([doc(concept, "https://o.example/", 0, 1)])).toEqual({ written: 1 });
      await relay.cut();
      const upsert = store.upsertDocuments([doc(concept, "https://o.example/", 1, 2)]);
      await expectTransient(upsert);
      await expect(upsert).rejects.toThrow(/1 objects not written \(0 of 1 written\).*timed out/);
      await expectTransient(store.searchDocuments(axisVector(1), { conceptId: concept, limit: 1 }));
      // REST still answers (only gRPC was cut), yet nothing can be read or written: not healthy.
      const health = await store.health();
      expect(health.status).toBe("unhealthy");
      expect(JSON.stringify(health)).toMatch(/grpc/i);
    } finally {
      await store.close();
    }
  });
});
