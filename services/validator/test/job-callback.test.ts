import { createLogger } from "@qp/service-kit";
import { startSink } from "@qp/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createJobNotifier } from "../src/job-callback.ts";

const logger = createLogger({ service: "validator-test", level: "silent" });

/** A loopback stand-in for the orchestrator's settle route answering the given statuses in turn. */
async function orchestratorAnswering(statuses: number[]) {
  const sink = await startSink(() => ({
    status: statuses[Math.min(sink.deliveries.length - 1, statuses.length - 1)] ?? 200,
    body: "{}",
  }));
  return {
    url: sink.url,
    /** What each request carried: its authorization header and its JSON body. */
    get seen() {
      return sink.deliveries.map((d) => ({
        authorization: d.headers.authorization,
        body: JSON.parse(d.body),
      }));
    },
    close: () => sink.close(),
  };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("createJobNotifier", () => {
  it("posts the ids with the service token, retrying a 409 (not recorded yet) and a 503 until accepted", async () => {
    const orchestrator = await orchestratorAnswering([409, 503, 200]);
    close = orchestrator.close;
    const notify = createJobNotifier({
      orchestratorUrl: `${orchestrator.url}/`,
      serviceToken: "token-0123456789abcdef",
      logger,
      baseDelayMs: 10,
    });
    await notify("5f1b2c3d4e5f60718293a4b5", "job-1");
    expect(orchestrator.seen).toHaveLength(3);
    expect(orchestrator.seen[2]).toEqual({
      authorization: "Bearer token-0123456789abcdef",
      body: { concept_id: "5f1b2c3d4e5f60718293a4b5", job_id: "job-1" },
    });
  });

  it("stops at a refusal (401) and gives up after its attempts, never throwing", async () => {
    const refusing = await orchestratorAnswering([401]);
    close = refusing.close;
    await createJobNotifier({ orchestratorUrl: refusing.url, logger, baseDelayMs: 10 })(
      "5f1b2c3d4e5f60718293a4b5",
      "j",
    );
    expect(refusing.seen).toHaveLength(1);
    expect(refusing.seen[0]?.authorization).toBeUndefined();

    const down = createJobNotifier({
      orchestratorUrl: "http://127.0.0.1:9",
      logger,
      attempts: 2,
      baseDelayMs: 10,
    });
    await expect(down("5f1b2c3d4e5f60718293a4b5", "j")).resolves.toBeUndefined();
  });
});
