/**
 * The emulator off loopback: the decision is a pure function of the host (tested here without
 * binding a LAN address), and one emulator on 127.0.0.1 with the token forced on shows the
 * control routes refusing requests without it, the token in the startup line, and the warning.
 */
import { describe, expect, it } from "vitest";
import { exposureWarning, startEmulatorFromCli } from "../../src/emulator/cli-start.js";
import { hasControlToken, isLoopbackListenHost, resolveControlToken } from "../../src/emulator/control-access.js";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import { UserError } from "../../src/errors.js";

describe("which hosts need a control token", () => {
  it.each(["127.0.0.1", "127.1.2.3", "localhost", "api.localhost", "::1", "[::1]", "::ffff:127.0.0.1"])("%s is loopback: open", (host) => {
    expect(isLoopbackListenHost(host)).toBe(true);
    expect(resolveControlToken(host, undefined)).toBeUndefined();
    expect(exposureWarning(host, 1)).toBeUndefined();
  });

  it.each(["0.0.0.0", "::", "[::]", "192.168.1.20", "10.0.0.5", "my-laptop.lan", "128.0.0.1"])("%s is reachable from the network: a token and a warning", (host) => {
    expect(isLoopbackListenHost(host)).toBe(false);
    const token = resolveControlToken(host, undefined);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(resolveControlToken(host, undefined)).not.toBe(token); // random, not seed-derived
    expect(exposureWarning(host, 7)).toMatch(new RegExp(`^warning: the emulator listens on ${host.replace(/[[\]]/g, "\\$&")}, reachable from the network: .*control token`));
    expect(() => resolveControlToken(host, false)).toThrow(RangeError);
  });

  it("a given token is used (16+ characters); true generates one on loopback too", () => {
    expect(resolveControlToken("0.0.0.0", "my-own-control-token")).toBe("my-own-control-token");
    expect(() => resolveControlToken("0.0.0.0", "short")).toThrow(RangeError);
    expect(resolveControlToken("127.0.0.1", true)).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(resolveControlToken(undefined, undefined)).toBeUndefined(); // in-process only
  });

  it("reads the token from Authorization (any scheme) or X-Emulator-Token, nothing else", () => {
    const t = "control-token-0123456789";
    const h = (headers: Record<string, string>) => (name: string) => headers[name];
    expect(hasControlToken(h({ authorization: `Bearer ${t}` }), t)).toBe(true);
    expect(hasControlToken(h({ authorization: `Token ${t}` }), t)).toBe(true);
    expect(hasControlToken(h({ "x-emulator-token": t }), t)).toBe(true);
    expect(hasControlToken(h({ authorization: `Bearer ${t}x` }), t)).toBe(false);
    expect(hasControlToken(h({ authorization: t }), t)).toBe(false);
    expect(hasControlToken(h({}), t)).toBe(false);
  });
});

describe("an emulator with a control token, on 127.0.0.1", () => {
  it("control routes answer 401 without the token and work with it; the API is unaffected", async () => {
    const token = "control-token-0123456789";
    const emu = await createEmulator({ size: "tiny", listen: true, controlToken: token, log: () => {} });
    try {
      expect(emu.controlToken).toBe(token);
      for (const [method, path] of [["GET", "truth"], ["GET", "stats"], ["POST", "reset"], ["POST", "revoke-tokens"], ["GET", "ingest"]] as const) {
        const res = await fetch(`${emu.url}/__emulator/${path}`, { method });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(((await res.json()) as { message: string }).message).toContain("control token");
      }
      const faults = await fetch(`${emu.url}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ spec: "5xx=1" }) });
      expect(faults.status).toBe(401);
      const ok = await fetch(`${emu.url}/__emulator/stats`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      const ok2 = await fetch(`${emu.url}/__emulator/truth`, { headers: { "x-emulator-token": token } });
      expect(ok2.status).toBe(200);
      // The refused fault change did not happen: the API still answers.
      const tok = await fetch(`${emu.url}/v2/auth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: emu.clientId, client_secret: emu.clientSecret }),
      });
      expect(tok.status).toBe(200);
    } finally {
      await emu.close();
    }
  });

  it("loopback without the option stays open, as before", async () => {
    const emu = await createEmulator({ size: "tiny", listen: true, log: () => {} });
    try {
      expect(emu.controlToken).toBeUndefined();
      expect((await fetch(`${emu.url}/__emulator/stats`)).status).toBe(200);
    } finally {
      await emu.close();
    }
  });

  it("sigmactl emulator --control-token: the token is in the startup JSON line and required", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const ctl = new AbortController();
    let emu: Emulator | undefined;
    const done = startEmulatorFromCli(
      { size: "tiny", host: "127.0.0.1", controlToken: "forced-control-token-42" },
      { stdout: { write: (t) => out.push(t) }, stderr: { write: (t) => err.push(t) }, signal: ctl.signal, onReady: (e) => (emu = e) },
    );
    try {
      for (let i = 0; i < 200 && !emu; i++) await new Promise((r) => setTimeout(r, 10));
      const line = JSON.parse(out[0] as string) as { url: string; controlToken: string };
      expect(Object.keys(line)).toEqual(["url", "clientId", "clientSecret", "controlToken"]);
      expect(line.controlToken).toBe("forced-control-token-42");
      expect(err.join("")).toContain("(control token required)");
      expect(err.join("")).not.toContain("warning:"); // loopback: not reachable from the network
      expect((await fetch(`${line.url}/__emulator/stats`)).status).toBe(401);
      expect((await fetch(`${line.url}/__emulator/stats`, { headers: { authorization: `Bearer ${line.controlToken}` } })).status).toBe(200);
    } finally {
      ctl.abort();
      await done;
    }
  });

  it("--control-token shorter than 16 characters is a usage error", async () => {
    await expect(
      startEmulatorFromCli({ controlToken: "short" }, { stdout: { write: () => {} }, stderr: { write: () => {} }, signal: new AbortController().signal }),
    ).rejects.toBeInstanceOf(UserError);
  });
});
