import { describe, expect, it } from "vitest";
import {
  compilePolicy,
  isInternalAddress,
  parseAuthority,
} from "../../src/sandbox/egress-policy.js";
import { compileRoutes, matchRoute } from "../../src/sandbox/egress-routes.js";

describe("judge", () => {
  const policy = compilePolicy([
    "api.example.com",
    "*.githubusercontent.com",
    "registry.test:8443",
    "10.0.0.5:9000",
    "[2001:db8::1]",
  ]);

  it.each([
    ["api.example.com", 443, "allowed"],
    ["API.Example.COM.", 80, "allowed"],
    ["api.example.com", 8080, "not-allowed"],
    ["example.com", 443, "not-allowed"],
    ["evilapi.example.com", 443, "not-allowed"],
    ["raw.githubusercontent.com", 443, "allowed"],
    ["a.b.githubusercontent.com", 443, "allowed"],
    ["githubusercontent.com", 443, "not-allowed"],
    ["evilgithubusercontent.com", 443, "not-allowed"],
    ["githubusercontent.com.evil.test", 443, "not-allowed"],
    ["registry.test", 8443, "allowed"],
    ["registry.test", 443, "not-allowed"],
    ["10.0.0.5", 9000, "allowed"],
    ["10.0.0.5", 443, "ip-literal"],
    ["127.0.0.1", 443, "ip-literal"],
    ["2001:db8:0:0::1", 443, "allowed"],
    ["::1", 443, "ip-literal"],
    ["2130706433", 443, "ip-literal"],
    ["0x7f.1", 443, "ip-literal"],
    ["1.2.3.githubusercontent.com", 443, "allowed"],
  ] as const)("%s:%i is %s", (host, port, verdict) => {
    expect(policy.judge(host, port)).toBe(verdict);
  });

  it("lets a resolved internal address through only when the list names it", () => {
    expect(policy.addressAllowed("93.184.216.34", 443)).toBe(true);
    expect(policy.addressAllowed("10.0.0.5", 9000)).toBe(true);
    expect(policy.addressAllowed("10.0.0.5", 443)).toBe(false);
    expect(policy.addressAllowed("::ffff:127.0.0.1", 443)).toBe(false);
  });
});

describe("isInternalAddress", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.255.0.9", true],
    ["0.0.0.0", true],
    ["10.1.2.3", true],
    ["100.64.0.1", true],
    ["169.254.169.254", true],
    ["172.16.0.1", true],
    ["172.31.255.255", true],
    ["192.168.0.1", true],
    ["224.0.0.1", true],
    ["255.255.255.255", true],
    ["::", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:10.0.0.1", true],
    ["fd00::1", true],
    ["fe80::1", true],
    ["ff02::1", true],
    ["not an address", true],
    ["8.8.8.8", false],
    ["172.32.0.1", false],
    ["100.128.0.1", false],
    ["::ffff:8.8.8.8", false],
    ["2606:4700::1111", false],
  ] as const)("%s → %s", (address, internal) => {
    expect(isInternalAddress(address)).toBe(internal);
  });
});

describe("parseAuthority", () => {
  it.each([
    ["example.com:443", { host: "example.com", port: 443 }],
    ["Example.COM.", { host: "example.com" }],
    ["[::1]:8080", { host: "::1", port: 8080 }],
    ["[0:0::1]", { host: "::1" }],
    ["example.com:0", undefined],
    ["example.com:65536", undefined],
    ["example.com:", undefined],
    ["::1:443", undefined],
    ["[example.com]:443", undefined],
    ["exa mple.com:443", undefined],
    ["a..b:443", undefined],
    ["user@example.com:443", undefined],
    ["", undefined],
  ])("%j → %j", (text, parsed) => {
    expect(parseAuthority(text)).toEqual(parsed);
  });
});

describe("matchRoute", () => {
  const routes = compileRoutes({
    anthropic: { target: "https://api.anthropic.com", headers: { "x-api-key": "k" } },
    gateway: { target: "https://gw.example.com:8443/llm/" },
  });

  it.each([
    ["/anthropic/v1/messages", "anthropic", "/v1/messages"],
    ["/anthropic/v1/messages?beta=true", "anthropic", "/v1/messages?beta=true"],
    ["/anthropic", "anthropic", "/"],
    ["/anthropic//evil.test/x", "anthropic", "//evil.test/x"],
    ["/anthropic/v1/../v2/x", "anthropic", "/v2/x"],
    ["/gateway/chat", "gateway", "/llm/chat"],
    ["/gateway/%2e%2e/admin", undefined, undefined],
    ["/gateway/../anthropic/x", "anthropic", "/x"],
    ["/other/x", undefined, undefined],
    ["/", undefined, undefined],
  ])("%s → %s %s", (path, name, upstreamPath) => {
    const matched = matchRoute(routes, path);
    expect(matched?.name).toBe(name);
    expect(matched?.path).toBe(upstreamPath);
  });

  it("keeps the target's host and port and lower-cases header names", () => {
    expect(routes.get("gateway")).toMatchObject({
      host: "gw.example.com",
      port: 8443,
      basePath: "/llm",
    });
    expect(routes.get("anthropic")).toMatchObject({
      port: 443,
      basePath: "",
      headers: { "x-api-key": "k" },
    });
  });
});
