import { describe, expect, it } from "vitest";
import { createAddressPolicy, createResolver, embeddedIpv4 } from "./ssrf.ts";

describe("SSRF address policy", () => {
  const { isBlocked } = createAddressPolicy();

  it.each([
    "127.0.0.1",
    "127.1.2.3",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "255.255.255.255",
    "224.0.0.1",
    "::",
    "::1",
    "fc00::1",
    "fd00:ec2::254",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:169.254.169.254",
    "::ffff:a00:1",
    "64:ff9b::10.0.0.1",
    "::127.0.0.1",
    // Issue 12: the whole mapped range and the NAT64 local-use prefix, as the edge worker refuses them.
    "::ffff:8.8.8.8",
    "::ffff:0:0",
    "64:ff9b::8.8.8.8",
    "64:ff9b:1::1",
    "64:ff9b:1:ffff::a00:1",
    "192.88.99.1",
    "2002:7f00:1::",
  ])("refuses %s", (address) => {
    expect(isBlocked(address)).toBe(true);
  });

  it.each(["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001::1", "1.1.1.1"])(
    "allows %s",
    (address) => {
      expect(isBlocked(address)).toBe(false);
    },
  );

  it("reads the IPv4 address inside mapped forms", () => {
    expect(embeddedIpv4("::ffff:7f00:1")).toBe("127.0.0.1");
    expect(embeddedIpv4("::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(embeddedIpv4("2001:db8::1")).toBeUndefined();
  });

  it("lets an allowlisted CIDR through and nothing else", () => {
    const policy = createAddressPolicy({ allowCidrs: ["127.0.0.0/8"] });
    expect(policy.isBlocked("127.0.0.1")).toBe(false);
    expect(policy.isBlocked("::ffff:127.0.0.1")).toBe(false);
    expect(policy.isBlocked("10.0.0.1")).toBe(true);
    expect(policy.isBlocked("169.254.169.254")).toBe(true);
  });

  it("refuses bad CIDRs in the allowlist loudly", () => {
    expect(() => createAddressPolicy({ allowCidrs: ["not-a-cidr"] })).toThrow(/not a CIDR/);
  });
});

describe("resolver", () => {
  it("refuses hosts that resolve to loopback unless allowlisted by name", async () => {
    await expect(createResolver()("localhost")).rejects.toThrow(/non-public address 127\.0\.0\.1/);
    await expect(createResolver()("[::1]")).rejects.toThrow(/non-public/);
    await expect(createResolver({ allowHosts: ["localhost"] })("localhost")).resolves.toEqual({
      address: "127.0.0.1",
      family: 4,
    });
    // The name allowlist is exact: the address literal is still refused.
    await expect(createResolver({ allowHosts: ["localhost"] })("127.0.0.1")).rejects.toThrow(/non-public/);
  });

  it("fails clearly for names that do not resolve", async () => {
    await expect(createResolver()("does-not-exist.invalid")).rejects.toThrow(/cannot resolve/);
  });
});
