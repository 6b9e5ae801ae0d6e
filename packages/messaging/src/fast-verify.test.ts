import { Receiver } from "@upstash/qstash";
import { describe, expect, it } from "vitest";
import { createFastVerifier } from "./fast-verify.ts";
import { type SignOptions, signJwt } from "./testing/sign-jwt.ts";

const CURRENT = "sig_fast_current";
const NEXT = "sig_fast_next";
const URL_ = "https://orchestrator.example.com/api/qstash";
const BODY = '{"type":"crawl.failed","reason":"HTTP 404 – ünïcode"}';
const now = () => Math.floor(Date.now() / 1000);

const fast = createFastVerifier([CURRENT, NEXT]);
const receiver = new Receiver({ currentSigningKey: CURRENT, nextSigningKey: NEXT, devMode: false });
const officialAccepts = (token: string, body = BODY, url: string | undefined = URL_) =>
  receiver.verify({ signature: token, body, url }).then(
    () => true,
    () => false,
  );

describe("the fast verifier accepts only what the official Receiver accepts", () => {
  it("is available on this Node", () => {
    expect(fast).toBeDefined();
  });

  const accepted: Array<[string, Partial<SignOptions>]> = [
    ["current key", {}],
    ["next key", { key: NEXT }],
    ["padded body hash", { padded: true }],
    ["no exp/nbf/iat", { omit: ["exp", "nbf", "iat"] }],
  ];
  it.each(accepted)("accepts: %s (and so does the Receiver)", async (_name, options) => {
    const token = signJwt({ key: CURRENT, body: BODY, sub: URL_, ...options });
    expect(fast?.(token, BODY, URL_)).toBe(true);
    expect(await officialAccepts(token)).toBe(true);
  });

  const refused: Array<[string, Partial<SignOptions>, string?]> = [
    ["wrong key", { key: "sig_other" }],
    ["expired", { exp: now() - 1 }],
    ["nbf in the future", { nbf: now() + 60 }],
    ["wrong sub", { sub: "https://elsewhere.example.com/api/qstash" }],
    ["alg none", { alg: "none" }],
    ["alg HS512 header on an HS256 mac", { alg: "HS512" }],
    ["no body claim", { omit: ["body"] }],
    ["no iss", { omit: ["iss"] }],
    ["other iss", { iss: "Other" }],
    ["tampered body", {}, `${BODY} `],
  ];
  it.each(refused)("refuses: %s (and so does the Receiver)", async (_name, options, body = BODY) => {
    const token = signJwt({ key: CURRENT, body: BODY, sub: URL_, ...options });
    expect(fast?.(token, body, URL_)).toBe(false);
    expect(await officialAccepts(token, body)).toBe(false);
  });

  it("never accepts a mutated token the Receiver refuses (200 random single-character mutations)", async () => {
    const token = signJwt({ key: CURRENT, body: BODY, sub: URL_ });
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=";
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 200; i++) {
      const at = random(token.length);
      const mutated = token.slice(0, at) + alphabet[random(alphabet.length)] + token.slice(at + 1);
      if (fast?.(mutated, BODY, URL_)) expect(await officialAccepts(mutated)).toBe(true);
    }
    expect(fast?.("garbage", BODY, URL_)).toBe(false);
    expect(fast?.("a.b.c", BODY, URL_)).toBe(false);
  });
});
