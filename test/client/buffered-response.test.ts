/** bufferedResponse: a real Response whose body is already in memory, read once like fetch's. */
import { describe, expect, it } from "vitest";
import { bufferedResponse, isBufferedResponse } from "../../src/client/transport/buffered-response.js";

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function make(bytes: Uint8Array | null, status = 200, statusText = "OK", headers: Record<string, string> = { "content-type": "application/json", "x-request-id": "r-1" }) {
  return bufferedResponse(bytes, { status, statusText, headers: new Headers(headers) });
}

describe("bufferedResponse", () => {
  it("is a Response with the status, statusText and headers it was given", () => {
    const res = make(utf8("{}"), 404, "Not Found");
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(404);
    expect(res.statusText).toBe("Not Found");
    expect(res.ok).toBe(false);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-request-id")).toBe("r-1");
    expect(make(utf8(""), 201, "Created").ok).toBe(true);
  });

  it("text() answers the bytes as UTF-8", async () => {
    await expect(make(utf8("héllo → wörld")).text()).resolves.toBe("héllo → wörld");
  });

  it("json() parses the bytes", async () => {
    await expect(make(utf8('{"a":[1,2,{"b":null}],"c":"é"}')).json()).resolves.toEqual({ a: [1, 2, { b: null }], c: "é" });
  });

  it("json() rejects on invalid JSON (a SyntaxError)", async () => {
    await expect(make(utf8("{not json")).json()).rejects.toBeInstanceOf(SyntaxError);
  });

  it("arrayBuffer() answers exactly the bytes, even for a view into a larger buffer", async () => {
    const backing = new Uint8Array([9, 9, 1, 2, 3, 4, 9, 9]);
    const view = backing.subarray(2, 6);
    const buf = await make(view).arrayBuffer();
    expect(buf).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(buf)]).toEqual([1, 2, 3, 4]);
    // A copy: writing to it does not change the source.
    new Uint8Array(buf)[0] = 42;
    expect(backing[2]).toBe(1);
  });

  it("works over a Node Buffer sliced from a shared pool", async () => {
    const b = Buffer.from("pooled"); // small Buffers share one pool ArrayBuffer
    expect(b.byteOffset > 0 || b.buffer.byteLength > b.length).toBe(true);
    expect(new Uint8Array(await make(b).arrayBuffer())).toEqual(new Uint8Array(Buffer.from("pooled")));
    expect(await make(Buffer.from("pooled")).text()).toBe("pooled");
  });

  it.each([
    ["text", "json"],
    ["json", "text"],
    ["arrayBuffer", "text"],
    ["text", "arrayBuffer"],
    ["text", "text"],
  ] as const)("a second read (%s then %s) rejects with a TypeError; bodyUsed flips on the first", async (first, second) => {
    const res = make(utf8('"x"'));
    expect(res.bodyUsed).toBe(false);
    await res[first]();
    expect(res.bodyUsed).toBe(true);
    await expect(res[second]()).rejects.toBeInstanceOf(TypeError);
    expect(res.bodyUsed).toBe(true);
  });

  it("a read after a used body rejects instead of throwing synchronously", () => {
    const res = make(utf8("x"));
    void res.text();
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = res.arrayBuffer())).not.toThrow();
    return expect(promise).rejects.toThrow(/already been read/);
  });

  it("blob(), bytes() and formData() read the bytes too (once)", async () => {
    const blob = await make(utf8("hello"), 200, "OK", { "content-type": "text/plain" }).blob();
    expect(blob.size).toBe(5);
    expect(blob.type).toBe("text/plain");
    expect(await blob.text()).toBe("hello");
    const r = make(utf8("abc"));
    const bytes = await (r as unknown as { bytes(): Promise<Uint8Array> }).bytes();
    expect(Buffer.from(bytes).toString()).toBe("abc");
    expect(r.bodyUsed).toBe(true);
    await expect(r.text()).rejects.toThrow(TypeError);
    const form = await make(utf8("a=1&b=two"), 200, "OK", { "content-type": "application/x-www-form-urlencoded" }).formData();
    expect(form.get("a")).toBe("1");
    expect(form.get("b")).toBe("two");
  });

  it("has a null body (nothing left to stream or cancel)", () => {
    expect(make(utf8("abc")).body).toBeNull();
    expect(make(null).body).toBeNull();
  });

  it("clone() before reading gives an independent readable copy", async () => {
    const res = make(utf8('{"n":1}'), 202, "Accepted");
    const copy = res.clone();
    expect(copy).toBeInstanceOf(Response);
    expect(isBufferedResponse(copy)).toBe(true);
    expect(copy.status).toBe(202);
    expect(copy.statusText).toBe("Accepted");
    expect(copy.headers.get("x-request-id")).toBe("r-1");
    await expect(res.json()).resolves.toEqual({ n: 1 });
    // Reading the original did not use the copy.
    expect(copy.bodyUsed).toBe(false);
    await expect(copy.text()).resolves.toBe('{"n":1}');
    expect(copy.bodyUsed).toBe(true);
    // Each is used on its own.
    await expect(res.text()).rejects.toBeInstanceOf(TypeError);
    await expect(copy.text()).rejects.toBeInstanceOf(TypeError);
  });

  it("a copy read first leaves the original readable", async () => {
    const res = make(utf8("abc"));
    await expect(res.clone().text()).resolves.toBe("abc");
    expect(res.bodyUsed).toBe(false);
    await expect(res.text()).resolves.toBe("abc");
  });

  it("clone() after a read throws a TypeError", async () => {
    const res = make(utf8("abc"));
    await res.text();
    expect(() => res.clone()).toThrow(TypeError);
  });

  it("null bytes (a 204) read as empty text and an empty buffer", async () => {
    const res = make(null, 204, "No Content", {});
    expect(res.status).toBe(204);
    await expect(res.text()).resolves.toBe("");
    expect(res.bodyUsed).toBe(true);
    expect((await make(null, 204, "No Content", {}).arrayBuffer()).byteLength).toBe(0);
    // JSON of nothing is a parse error, as with fetch.
    await expect(make(null, 200, "OK", {}).json()).rejects.toBeInstanceOf(SyntaxError);
  });
});

describe("isBufferedResponse", () => {
  it("is true for a buffered response and false for a plain Response", () => {
    expect(isBufferedResponse(make(utf8("x")))).toBe(true);
    expect(isBufferedResponse(make(null))).toBe(true);
    expect(isBufferedResponse(new Response("x"))).toBe(false);
    expect(isBufferedResponse(new Response(null, { status: 204 }))).toBe(false);
  });
});
