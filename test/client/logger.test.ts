import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/client/logger.js";

describe("logger", () => {
  it("filters by level and prefixes non-info lines", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "info", write: (l) => lines.push(l) });
    log.debug("hidden");
    log.info("hello");
    log.warn("careful");
    log.error("bad");
    expect(lines).toEqual(["hello\n", "warn: careful\n", "error: bad\n"]);
  });

  it("prints one line per request only when verbose", () => {
    const lines: string[] = [];
    const entry = { method: "GET", path: "/v2/workbooks?limit=1000", status: 200, durationMs: 12.4, retries: 2 };
    createLogger({ level: "warn", write: (l) => lines.push(l) }).request(entry);
    expect(lines).toEqual([]);
    createLogger({ level: "warn", verbose: true, write: (l) => lines.push(l) }).request(entry);
    createLogger({ level: "warn", verbose: true, write: (l) => lines.push(l) }).request({ ...entry, status: undefined, retries: 0 });
    expect(lines).toEqual(["GET /v2/workbooks?limit=1000 200 12ms (2 retries)\n", "GET /v2/workbooks?limit=1000 ERR 12ms\n"]);
  });

  it("redacts secret-looking text", () => {
    const lines: string[] = [];
    createLogger({ level: "debug", write: (l) => lines.push(l) }).info("Authorization: Bearer abcdefghijklmnop");
    expect(lines[0]).not.toContain("abcdefghijklmnop");
  });
});
