import { describe, expect, it } from "vitest";
import {
  BLOCKED_IPV4_CIDRS,
  BLOCKED_IPV6_CIDRS,
  blockedAddressReason,
  isBlockedAddress,
  parseIpv4,
  parseIpv6,
} from "./address-policy.ts";

describe("the shared SSRF address list", () => {
  it("has the ranges issue 12 found missing", () => {
    expect(BLOCKED_IPV6_CIDRS).toEqual(expect.arrayContaining(["::ffff:0:0/96", "64:ff9b:1::/48"]));
    expect(BLOCKED_IPV4_CIDRS).toEqual(expect.arrayContaining(["127.0.0.0/8", "169.254.0.0/16"]));
  });

  it.each([
    ["127.0.0.1", "in 127.0.0.0/8"],
    ["169.254.169.254", "in 169.254.0.0/16"],
    ["100.100.100.200", "in 100.64.0.0/10"],
    ["255.255.255.255", "in 240.0.0.0/4"],
    ["::1", "in ::1/128"],
    ["::ffff:8.8.8.8", "in ::ffff:0:0/96"],
    ["::ffff:7f00:1", "in ::ffff:0:0/96"],
    ["[::ffff:127.0.0.1]", "in ::ffff:0:0/96"],
    ["64:ff9b::a00:1", "in 64:ff9b::/96"],
    ["64:ff9b:1:abcd::1", "in 64:ff9b:1::/48"],
    ["2001:db8::1", "in 2001:db8::/32"],
    ["2001:0:4136:e378::1", "in 2001::/32"],
    ["2002:7f00:1::", "in 2002::/16"],
    ["fd00:ec2::254", "in fc00::/7"],
    ["fe80::1%eth0", "in fe80::/10"],
    ["4000::1", "not global unicast (outside 2000::/3)"],
    ["example.com", "not an IP address"],
    ["1.2.3", "not an IP address"],
    ["0x7f.0.0.1", "not an IP address"],
  ])("refuses %s (%s)", (address, reason) => {
    expect(blockedAddressReason(address)).toBe(reason);
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(["8.8.8.8", "93.184.216.34", "172.32.0.1", "2606:4700:4700::1111", "2a00:1450::1"])(
    "allows %s",
    (address) => {
      expect(blockedAddressReason(address)).toBeUndefined();
    },
  );

  it("parses only well-formed literals", () => {
    expect(parseIpv4("10.1.2.3")).toBe(0x0a010203);
    expect(parseIpv4("256.1.1.1")).toBeUndefined();
    expect(parseIpv6("::")).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6("1::2:3.4.5.6")).toEqual([1, 0, 0, 0, 0, 2, 0x0304, 0x0506]);
    expect(parseIpv6("1:::2")).toBeUndefined();
    expect(parseIpv6("12345::")).toBeUndefined();
    expect(parseIpv6("g::1")).toBeUndefined();
  });
});
