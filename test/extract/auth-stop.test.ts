/** An extraction stopped by refused tokens exits 4 and says how to finish the run (`--resume`). */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import { runCli } from "../helpers/run-cli.js";

let root: string;
let emu: Emulator;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sigmactl-auth-stop-"));
  // Every request for a workbook's parts revokes its token: every token is refused on its
  // first use there, which is what a revoked API client looks like.
  emu = await createEmulator({ seed: 3, size: "tiny", listen: true, log: () => {}, faults: "revoke@/v2/workbooks/=1" });
});
afterAll(async () => {
  await emu.close();
  await rm(root, { recursive: true, force: true });
});

it("exits 4 with a message that names --resume, without a stack trace or the secret", async () => {
  const dir = join(root, "out");
  const r = await runCli(["extract", "-H", emu.url, "-c", emu.clientId, "-a", emu.clientSecret, "-o", dir, "--timestamp", "1700000000"], {
    env: { NO_COLOR: "1" },
  });
  expect(r.code, r.stderr).toBe(4);
  expect(r.stderr).toContain(`finish it with sigmactl extract -o ${dir} --resume`);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout + r.stderr).not.toContain(emu.clientSecret);
});
