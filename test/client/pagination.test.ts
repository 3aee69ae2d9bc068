import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../../src/client/logger.js";
import { Paginated, type PageFetcher } from "../../src/client/pagination.js";
import { ResponseValidationError } from "../../src/errors.js";
import { routes } from "../helpers/scripted-server.js";
import { makeClient, scriptedFetch, tokenReply } from "./support.js";

const Item = z.looseObject({ id: z.string() });
const items = (...ids: string[]) => ids.map((id) => ({ id }));

/** A Paginated over scripted bodies keyed by cursor ("" = first page). */
function scripted(style: "page" | "token", bodies: Record<string, unknown>) {
  const cursors: Array<string | undefined> = [];
  const lines: string[] = [];
  const fetchPage: PageFetcher = async (cursor) => {
    cursors.push(cursor);
    return { body: bodies[cursor ?? ""], request: { method: "GET", path: `/v2/things?c=${cursor ?? ""}` } };
  };
  const logger = createLogger({ level: "warn", write: (l) => lines.push(l) });
  return { list: new Paginated({ style, itemSchema: Item, fetchPage, logger }), cursors, lines };
}

describe("Paginated", () => {
  it("follows page-style nextPage until null and reports a complete summary", async () => {
    const { list, cursors } = scripted("page", {
      "": { entries: items("a", "b"), nextPage: "2", total: 5 },
      "2": { entries: items("c", "d"), nextPage: "4", total: 5 },
      "4": { entries: items("e"), nextPage: null, total: 5 },
    });
    expect((await list.toArray()).map((x) => x.id)).toEqual(["a", "b", "c", "d", "e"]);
    expect(cursors).toEqual([undefined, "2", "4"]);
    expect(list.summary).toEqual({ pages: 3, received: 5, skipped: 0, total: 5, complete: true, warnings: [] });
  });

  it("follows token-style nextPageToken until absent or empty", async () => {
    const { list, cursors } = scripted("token", {
      "": { entries: items("a"), nextPageToken: "t1" },
      t1: { entries: items("b"), nextPageToken: "" },
    });
    expect((await list.toArray()).map((x) => x.id)).toEqual(["a", "b"]);
    expect(cursors).toEqual([undefined, "t1"]);
    expect(list.summary?.complete).toBe(true);
  });

  it("reads a legacy bare array as one complete page", async () => {
    const { list, cursors } = scripted("page", { "": items("a", "b") });
    const pages = [];
    for await (const p of list.pages()) pages.push(p);
    expect(pages).toEqual([{ entries: items("a", "b"), cursor: null, skipped: 0 }]);
    expect(cursors).toEqual([undefined]);
    expect(list.summary).toMatchObject({ pages: 1, received: 2, complete: true });
  });

  it("stops on a repeated cursor with a warning, logged", async () => {
    const { list, cursors, lines } = scripted("page", {
      "": { entries: items("a"), nextPage: "x" },
      x: { entries: items("b"), nextPage: "y" },
      y: { entries: items("c"), nextPage: "x" },
    });
    expect(await list.toArray()).toHaveLength(3);
    expect(cursors).toEqual([undefined, "x", "y"]);
    expect(list.summary?.complete).toBe(false);
    expect(list.summary?.warnings[0]).toMatch(/repeated cursor "x"/);
    expect(lines.join("")).toMatch(/^warn: GET \/v2\/things: server repeated cursor/);
  });

  it("flags a short list against total", async () => {
    const { list, lines } = scripted("page", {
      "": { entries: items("a", "b"), nextPage: "2", total: 4 },
      "2": { entries: items("c"), nextPage: null, total: 4 },
    });
    await list.toArray();
    expect(list.summary).toMatchObject({ received: 3, total: 4, complete: false });
    expect(list.summary?.warnings).toEqual(["received 3 entries but the server reported total 4"]);
    expect(lines).toHaveLength(1);
  });

  it("skips an entry without what is needed, counts it and warns, keeping the rest of the page", async () => {
    const { list, lines } = scripted("page", { "": { entries: [{ id: "a" }, { id: 7 }, { id: "c" }], nextPage: null, total: 3 } });
    expect(await list.toArray()).toEqual(items("a", "c"));
    expect(list.summary).toMatchObject({ received: 3, skipped: 1, total: 3, complete: true });
    expect(list.summary?.warnings).toEqual(["skipped 1 entry without what sigmactl needs (see the drift report)"]);
    expect(lines.join("")).toMatch(/^warn: GET \/v2\/things: skipped 1 entry/);
  });

  it("rejects a body that is neither envelope nor array", async () => {
    const { list } = scripted("page", { "": { items: [] } });
    await expect(list.toArray()).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it("stops early with toArray({limit}) without fetching further pages", async () => {
    const { list, cursors } = scripted("page", {
      "": { entries: items("a", "b"), nextPage: "2" },
      "2": { entries: items("c"), nextPage: null },
    });
    expect(await list.toArray({ limit: 2 })).toHaveLength(2);
    expect(cursors).toEqual([undefined]);
    expect(list.summary?.complete).toBe(false);
  });

  it("stops at maxPages against a server that never ends", async () => {
    let n = 0;
    const list = new Paginated({
      style: "page",
      itemSchema: Item,
      maxPages: 5,
      fetchPage: async () => ({ body: { entries: [], nextPage: String(++n) }, request: { method: "GET", path: "/v2/x" } }),
    });
    await list.toArray();
    expect(n).toBe(5);
    expect(list.summary?.warnings[0]).toMatch(/stopped after 5 pages/);
  });
});

describe("client.paginate query parameters", () => {
  it("asks for limit=1000 and passes nextPage back verbatim (already-encoded cursors stay as they are)", async () => {
    const { fetch, requests } = scriptedFetch(
      routes({
        "POST /v2/auth/token": tokenReply(),
        "GET /v2.1/members": (req) =>
          req.query.get("page") === null
            ? { json: { entries: [], nextPage: "abc%3D%3D&x" } }
            : { json: { entries: [], nextPage: null } },
      }),
    );
    const { client } = makeClient(fetch);
    await client.members.list({ email: "a@b.c" }).toArray();
    const lists = requests.filter((r) => r.pathname === "/v2.1/members").map((r) => r.path);
    expect(lists).toEqual(["/v2.1/members?email=a%40b.c&limit=1000", "/v2.1/members?email=a%40b.c&limit=1000&page=abc%3D%3D%26x"]);
  });

  it("asks for pageSize=1000 and sends pageToken for token lists", async () => {
    const { fetch, requests } = scriptedFetch(
      routes({
        "POST /v2/auth/token": tokenReply(),
        "GET /v2/dataModels/dm%201/materializationSchedules": (req) =>
          req.query.get("pageToken") === null
            ? { json: { entries: [], nextPageToken: "T/2" } }
            : { json: { entries: [] } },
      }),
    );
    const { client } = makeClient(fetch);
    await client.dataModels.materializationSchedules("dm 1").toArray();
    const lists = requests.filter((r) => r.pathname.includes("materializationSchedules")).map((r) => r.path);
    expect(lists).toEqual([
      "/v2/dataModels/dm%201/materializationSchedules?pageSize=1000",
      "/v2/dataModels/dm%201/materializationSchedules?pageSize=1000&pageToken=T/2",
    ]);
  });
});
