/** Composes the layers in the fixed order auth → retry → rate limit → timeout → fetch. */
import type { Handler, Layer } from "./types.js";

/** `compose([a, b, c], h)` = `a(b(c(h)))`: the first layer is the outermost. */
export function compose(layers: readonly Layer[], handler: Handler): Handler {
  return layers.reduceRight<Handler>((next, layer) => layer(next), handler);
}
