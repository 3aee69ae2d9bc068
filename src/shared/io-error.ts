/**
 * Local file failures the user can fix (a full disk, a quota, a read-only mount) become a
 * LocalIoError (exit 6, no stack); anything else stays what it was (a bug is still a bug).
 */
import { LocalIoError } from "../errors.js";

const KNOWN: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EIO: "input/output error",
  EFBIG: "file too large",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
};

const FIX: Record<string, string> = {
  ENOSPC: "free space on that disk (or choose another output directory, `outDir`)",
  EDQUOT: "free space within your quota (or choose another output directory, `outDir`)",
  EROFS: "choose a writable output directory (`outDir`)",
  EACCES: "choose a directory you may write to (`outDir`)",
  EPERM: "choose a directory you may write to (`outDir`)",
};

/** The errno code of an error, if it has one. */
export function errnoOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * `err` as a LocalIoError when it is a local file failure (see the module comment), else `err`
 * unchanged. `action` reads like "write", "create", "rename"; `path` is the file concerned.
 */
export function asLocalIoError(err: unknown, action: string, path: string): unknown {
  if (err instanceof LocalIoError) return err;
  const code = errnoOf(err);
  if (code === undefined || !(code in KNOWN)) return err;
  return new LocalIoError({
    message: `cannot ${action} ${path}: ${KNOWN[code]} (${code})`,
    code,
    path,
    cause: err,
    suggestions: [FIX[code] ?? "check the disk and the file system, then try again"],
  });
}
