import { Receiver } from "@upstash/qstash";
import { describe, expect, it } from "vitest";
import { bodyHash, signDelivery } from "./signing.ts";

const current = "sig_current_test_key";
const next = "sig_next_test_key";

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString("utf8"));
}

describe("delivery signature", () => {
  it("is a JWT the official Receiver accepts, with QStash's claims", async () => {
    const body = Buffer.from('{"a":1}');
    const token = signDelivery({ signingKey: current, url: "http://127.0.0.1:9/x?y=1", body });
    const receiver = new Receiver({ currentSigningKey: current, nextSigningKey: next });
    await expect(
      receiver.verify({ signature: token, body: '{"a":1}', url: "http://127.0.0.1:9/x?y=1" }),
    ).resolves.toBe(true);
    const c = claims(token);
    expect(JSON.parse(Buffer.from(token.split(".")[0] as string, "base64url").toString())).toEqual({
      alg: "HS256",
      typ: "JWT",
    });
    expect(c.iss).toBe("Upstash");
    expect(c.sub).toBe("http://127.0.0.1:9/x?y=1");
    expect(c.exp).toBe((c.iat as number) + 300);
    expect(c.nbf).toBe(c.iat);
    expect(String(c.jti)).toMatch(/^jwt_/);
    expect(c.body).toBe(bodyHash(body));
  });

  it("verifies with the next key after a rotation, and fails on a tampered body or wrong key", async () => {
    const token = signDelivery({ signingKey: next, url: "http://h/", body: Buffer.from("x") });
    const rotated = new Receiver({ currentSigningKey: "sig_other", nextSigningKey: next });
    await expect(rotated.verify({ signature: token, body: "x" })).resolves.toBe(true);
    await expect(rotated.verify({ signature: token, body: "y" })).rejects.toThrow("body hash does not match");
    const wrong = new Receiver({ currentSigningKey: "sig_a", nextSigningKey: "sig_b" });
    await expect(wrong.verify({ signature: token, body: "x" })).rejects.toThrow();
  });

  it("mints a fresh token per attempt and hashes the empty body", () => {
    const a = signDelivery({ signingKey: current, url: "http://h/", body: Buffer.alloc(0) });
    const b = signDelivery({ signingKey: current, url: "http://h/", body: Buffer.alloc(0) });
    expect(claims(a).jti).not.toBe(claims(b).jti);
    expect(claims(a).body).toBe("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU=");
  });
});
