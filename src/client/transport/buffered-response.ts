/**
 * A Response whose body is already in memory. The timeout layer reads every body whole (so a
 * stalled body cannot hang a job); re-wrapping the bytes in a standard Response would build a
 * web stream per request only to read it back at once, which on a busy extraction costs more
 * CPU than the rest of a request's handling. This one is a real Response (status, headers,
 * `instanceof`) whose readers answer from memory; `body` is null, as nothing is left to cancel.
 */

const decoder = new TextDecoder();
const buffered = new WeakSet<Response>();

/** True for a Response made by {@link bufferedResponse} (its body is already in memory). */
export function isBufferedResponse(res: Response): boolean {
  return buffered.has(res);
}

/** A Response over `bytes` (null: no body); see the module comment. */
export function bufferedResponse(bytes: Uint8Array | null, init: { status: number; statusText: string; headers: Headers }): Response {
  const res = new Response(null, init);
  let used = false;
  const take = (): Uint8Array => {
    if (used) throw new TypeError("Body is unusable: Body has already been read");
    used = true;
    return bytes ?? new Uint8Array(0);
  };
  const text = (): Promise<string> => {
    try {
      return Promise.resolve(decoder.decode(take()));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  };
  const readBytes = async (): Promise<Uint8Array> => {
    const b = take();
    return b.slice();
  };
  Object.defineProperties(res, {
    body: { value: null },
    bodyUsed: { get: () => used },
    text: { value: text },
    json: { value: async () => JSON.parse(await text()) as unknown },
    arrayBuffer: {
      value: (): Promise<ArrayBuffer> => {
        try {
          const b = take();
          return Promise.resolve(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
        } catch (err) {
          return Promise.reject(err as Error);
        }
      },
    },
    bytes: { value: async () => new Uint8Array(await readBytes()) },
    blob: { value: async () => new Blob([await readBytes()], { type: res.headers.get("content-type") ?? "" }) },
    // Rare enough to go through a standard Response over the same bytes.
    formData: { value: async () => new Response(await readBytes(), { headers: res.headers }).formData() },
    clone: {
      value: (): Response => {
        if (used) throw new TypeError("Response.clone: Body has already been consumed.");
        return bufferedResponse(bytes, { status: res.status, statusText: res.statusText, headers: res.headers });
      },
    },
  });
  buffered.add(res);
  return res;
}
