import { edgeResponseSchema } from "@qp/schema";
import { describe, expect, inject, it } from "vitest";
import { normaliseUrl } from "../src/url/normalise.ts";
import { type UrlPolicy, unsafeReason } from "../src/url/safety.ts";
import { SAFE_AMONG_UNSAFE, UNSAFE_URLS } from "./fixtures/provider-answers.ts";
import { post, uniqueConcept } from "./helpers.ts";

const policy: UrlPolicy = { allowedPorts: [8080], denylist: ["pinterest.com", ".spam.example.net"] };

/** Checks what the Worker does: normalise first (the parser turns 0x7f.1 into 127.0.0.1), then judge. */
function judge(input: string): string | undefined {
  const url = normaliseUrl(input);
  return url === undefined ? "not a URL" : unsafeReason(url, policy);
}

const REFUSED: Array<[string, RegExp]> = [
  ["ftp://example.org/file", /scheme ftp:/],
  ["file:///etc/passwd", /scheme file:/],
  ["javascript:alert(1)", /scheme javascript:/],
  ["data:text/html,hi", /scheme data:/],
  ["https://user:pass@example.org/", /credentials/],
  ["http://localhost/", /localhost/],
  ["http://LOCALHOST./", /localhost/],
  ["http://api.localhost/", /localhost/],
  ["http://intranet/", /single-label/],
  ["http://metadata.google.internal/computeMetadata/v1/", /denied/],
  ["http://printer.local/", /denied/],
  ["http://127.0.0.1/", /IPv4 127\.0\.0\.1/],
  ["http://127.1/", /IPv4 127\.0\.0\.1/],
  ["http://2130706433/", /IPv4 127\.0\.0\.1/], // decimal
  ["http://0x7f000001/", /IPv4 127\.0\.0\.1/], // hex
  ["http://0177.0.0.1/", /IPv4 127\.0\.0\.1/], // octal
  ["http://0x7f.0.0.1/", /IPv4 127\.0\.0\.1/],
  ["http://0.0.0.0/", /IPv4/],
  ["http://10.0.0.1/", /IPv4/],
  ["http://172.16.5.4/", /IPv4/],
  ["http://172.31.255.255/", /IPv4/],
  ["http://192.168.1.1/", /IPv4/],
  ["http://169.254.169.254/latest/meta-data/", /IPv4/], // AWS/GCP/Azure metadata
  ["http://100.100.100.200/", /IPv4/], // Alibaba metadata (CGNAT range)
  ["http://224.0.0.1/", /IPv4/],
  ["http://255.255.255.255/", /IPv4/],
  ["http://[::1]/", /IPv6/],
  ["http://[::]/", /IPv6/],
  ["http://[::ffff:127.0.0.1]/", /IPv6/], // the parser writes [::ffff:7f00:1]
  ["http://[::ffff:169.254.169.254]/", /IPv6/],
  ["http://[fc00::1]/", /IPv6/],
  ["http://[fd00:ec2::254]/", /IPv6/], // AWS IPv6 metadata
  ["http://[fe80::1]/", /IPv6/],
  ["http://[ff02::1]/", /IPv6/],
  ["http://[64:ff9b::7f00:1]/", /IPv6/], // NAT64 of 127.0.0.1
  ["http://[64:ff9b:1::a00:1]/", /IPv6/], // NAT64 local-use prefix (issue 12)
  ["http://[::ffff:8.8.8.8]/", /IPv6/], // any IPv4-mapped address (issue 12)
  ["http://192.88.99.1/", /IPv4/], // 6to4 relay anycast
  ["http://[2001:db8::1]/", /IPv6/],
  ["http://[2002:7f00:1::]/", /IPv6/], // 6to4 of 127.0.0.1
  ["https://example.org:8443/", /port 8443/],
  ["http://example.org:443/", /port 443/], // 443 is not http's default
  ["https://example.org:22/", /port 22/],
  ["https://www.pinterest.com/pin/1", /denied \(pinterest\.com\)/],
  ["https://pinterest.com/", /denied/],
  ["https://a.b.spam.example.net/", /denied/],
  ["not a url", /not a URL/],
];

const ALLOWED = [
  "https://example.org/",
  "http://example.org:80/x", // default port, dropped by the parser
  "https://example.org:443/x",
  "https://example.org:8080/x", // allowed by ALLOWED_PORTS
  "https://8.8.8.8/",
  "https://172.32.0.1/", // just outside 172.16.0.0/12
  "https://[2606:4700:4700::1111]/",
  "https://notpinterest.com/", // suffix match is per label
  "https://en.wikipedia.org/wiki/Moving_average",
];

describe("URL safety rules", () => {
  it.each(REFUSED)("refuses %s", (input, reason) => {
    expect(judge(input)).toMatch(reason);
  });

  it.each(ALLOWED)("allows %s", (input) => {
    expect(judge(input)).toBeUndefined();
  });
});

describe("URL normalisation", () => {
  it.each([
    ["HTTPS://Example.ORG:443/Path?b=2&utm_source=x&a=1#frag", "https://example.org/Path?b=2&a=1"],
    ["http://example.org:80/?utm_medium=a&UTM_Campaign=b&gclid=1&fbclid=2", "http://example.org/"],
    ["https://example.org./x?msclkid=1&q=golden+cross", "https://example.org/x?q=golden+cross"],
    ["https://example.org/a#", "https://example.org/a"],
    [
      "https://EN.wikipedia.org/wiki/Moving_average?fbclid=xyz",
      "https://en.wikipedia.org/wiki/Moving_average",
    ],
    ["http://0x7f.1/", "http://127.0.0.1/"],
  ])("%s → %s", (input, expected) => {
    expect(normaliseUrl(input)).toBe(expected);
  });
});

describe.skipIf(Boolean(inject("qstashProblem")))("unsafe URLs from a provider never reach QStash", () => {
  it("keeps only the safe one", async () => {
    const response = await post(
      { concept: uniqueConcept("unsafe links") },
      { bindings: { PROVIDERS: "tavily" } },
    );
    expect(response.status).toBe(202);
    const body = edgeResponseSchema.parse(await response.json());
    expect(UNSAFE_URLS.length).toBeGreaterThan(5);
    expect(body.urls).toEqual([SAFE_AMONG_UNSAFE]);
    expect(body.stored).toBe(1);
  });
});
