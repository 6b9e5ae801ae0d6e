import { describe, expect, it } from "vitest";
import { startSink } from "./sink.ts";

describe("startSink", () => {
  it("records every request and answers with its responder, which can change mid-test", async () => {
    const sink = await startSink();
    try {
      const first = await fetch(`${sink.url}/a?x=1`, {
        method: "POST",
        body: "hello",
        headers: { "x-k": "v" },
      });
      expect(first.status).toBe(200);
      sink.respond = (delivery) => ({ status: 500, body: `no ${delivery.path}` });
      const second = await fetch(`${sink.url}/b`);
      expect(second.status).toBe(500);
      expect(await second.text()).toBe("no /b");
      await sink.waitFor((deliveries) => deliveries.length === 2, "two requests");
      expect(sink.deliveries[0]).toMatchObject({
        method: "POST",
        path: "/a?x=1",
        url: `${sink.url}/a?x=1`,
        body: "hello",
        headers: { "x-k": "v" },
      });
      expect(sink.deliveries[1]).toMatchObject({ method: "GET", path: "/b", body: "" });
    } finally {
      await sink.close();
    }
  });

  it("waitFor fails naming what never arrived", async () => {
    const sink = await startSink();
    try {
      await expect(sink.waitFor((d) => d.length > 0, "a delivery", 30)).rejects.toThrow(
        "waiting for a delivery",
      );
    } finally {
      await sink.close();
    }
  });
});
