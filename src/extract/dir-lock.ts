/**
 * One extraction at a time per output directory: `DIR/.sigmactl/extract.lock`, created with
 * O_EXCL and holding the owner's pid, host and start time. Two runs started in the same second
 * would otherwise share a journal (same timestamp) and wreck each other's files. A lock whose
 * process is gone (same host, pid not alive: a crash, kill -9) is taken over at once, so
 * `--resume` right after a crash works; a lock held from another host is never guessed stale.
 */
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { STATE_DIR } from "./checkpoint.js";
import { asLocalIoError, errnoOf } from "../shared/io-error.js";

/** Name of the lock file inside `DIR/.sigmactl/`. */
export const LOCK_FILE = "extract.lock";

// An unreadable lock (its owner died between creating and writing it) is stale after this.
const UNREADABLE_STALE_MS = 10_000;

/** Who holds a lock. */
interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

/** A held lock. */
export interface DirLock {
  readonly path: string;
  /** Deletes the lock (only if it is still this process's). Idempotent. */
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return errnoOf(err) === "EPERM";
  }
}

async function readHolder(path: string): Promise<Holder | undefined> {
  try {
    const h = JSON.parse(await readFile(path, "utf8")) as Partial<Holder>;
    return typeof h.pid === "number" && typeof h.host === "string" ? { pid: h.pid, host: h.host, startedAt: String(h.startedAt ?? "") } : undefined;
  } catch {
    return undefined;
  }
}

async function tryCreate(path: string, holder: Holder): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, "wx");
  } catch (err) {
    if (errnoOf(err) === "EEXIST") return false;
    throw asLocalIoError(err, "create the lock file", path);
  }
  try {
    await handle.writeFile(JSON.stringify(holder));
    await handle.close();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(path, { force: true });
    throw asLocalIoError(err, "write the lock file", path);
  }
  return true;
}

/**
 * Takes the lock of `outDir` (which must exist), or throws a UserError naming who holds it.
 * `shown` is the directory as the user wrote it.
 */
export async function lockOutputDirectory(outDir: string, shown: string = outDir, now: () => number = Date.now): Promise<DirLock> {
  const dir = join(outDir, STATE_DIR);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw asLocalIoError(err, "create directory", dir);
  }
  const path = join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), startedAt: new Date(now()).toISOString() };
  // Bounded: one fresh attempt, then at most one takeover of a stale lock.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(path, me)) return held(path, me);
    const holder = await readHolder(path);
    if (holder === undefined) {
      const age = await stat(path).then((s) => now() - s.mtimeMs, () => 0);
      if (age < UNREADABLE_STALE_MS) break;
    } else if (holder.host !== me.host || alive(holder.pid)) {
      const where = holder.host === me.host ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`;
      throw new UserError(`another extraction is running in ${shown} (${where}, started ${holder.startedAt})`, {
        suggestions: [
          "wait for it to finish, or extract into another output directory (`outDir`)",
          holder.host === me.host
            ? `if pid ${holder.pid} is not a sigmactl extraction (a reused pid after a crash), delete ${path}`
            : `if nothing runs on ${holder.host} any more, delete ${path}`,
        ],
      });
    }
    // Stale: moved aside and checked, so a process taking it over never deletes a lock another
    // one has just created in its place (that one is put back).
    const aside = `${path}.stale-${process.pid}`;
    if (!(await rename(path, aside).then(() => true, () => false))) continue;
    const moved = await readHolder(aside);
    if (moved && (holder === undefined || moved.pid !== holder.pid || moved.startedAt !== holder.startedAt)) await rename(aside, path).catch(() => undefined);
    else await rm(aside, { force: true });
  }
  throw new UserError(`another extraction is starting in ${shown} (${path} is being written)`, {
    suggestions: ["wait for it to finish, or extract into another output directory (`outDir`)"],
  });
}

function held(path: string, me: Holder): DirLock {
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      const holder = await readHolder(path);
      if (holder && holder.pid === me.pid && holder.host === me.host && holder.startedAt === me.startedAt) await rm(path, { force: true });
    },
  };
}
