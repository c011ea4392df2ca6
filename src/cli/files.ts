// Synchronous fs on purpose: these are small one-off reads and renames in a CLI, and
// node:fs/promises costs start-up (on Node 20 it loads readline and fs watchers too).
import {
  close,
  lstatSync,
  open,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  write,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { Writable } from 'node:stream'
import type { OutputFile } from '../call/run-call.js'
import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'

/** Read a file the user named; a problem is one line with curl's read-error code (26). */
export async function readUserFile(path: string, what: string): Promise<Buffer> {
  // `-d @` with nothing after it used to read "cannot read data file : no such file".
  if (path === '')
    throw new PvapiError(
      'PV_READ',
      `cannot read ${what}: no file name given`,
      ExitCode.Read,
      'name the file after @ (e.g. -d @body.json), or use @- for stdin',
    )
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' })
    return readFileSync(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory'
            : (err as Error).message
    throw new PvapiError('PV_READ', `cannot read ${what} ${path}: ${why}`, ExitCode.Read, undefined, {
      cause: err,
    })
  }
}

/**
 * `-o FILE`: write to a temporary sibling and rename on success, so an interrupted or failed
 * transfer never leaves a half-written file under the user's name. Through a symlink, the
 * same at the file it points to (the link stays). A device, FIFO or socket (`-o /dev/null`)
 * is written straight to, as curl does: renaming over /dev/null would replace the device
 * with a file when run as root.
 */
export function atomicOutput(userPath: string, mode = 0o666): OutputFile {
  const path = regularFileBehind(userPath)
  if (path === undefined) return directOutput(userPath)
  const tmp = join(dirname(path), `.${basename(path)}.pvapi-${process.pid}-${Date.now()}.tmp`)
  const stream = fileWritable(tmp, 'wx', mode)
  const closed = closedPromise(stream)
  return {
    stream,
    async commit() {
      try {
        stream.end()
        await closed
        renameSync(tmp, path)
      } catch (err) {
        // e.g. the folder was removed meanwhile: never leave the temporary file behind.
        removeQuietly(tmp)
        throw err
      }
    },
    async abort() {
      stream.destroy()
      await closed.catch(() => undefined)
      removeQuietly(tmp)
    },
  }
}

/**
 * Write a whole text the way `-o` writes a body (atomicOutput): a regular file is replaced only
 * once the text is complete, a device or FIFO is written in place. `mode` applies to a file it
 * creates (a snapshot: 0600, it names accounts and resources).
 */
export async function writeTextAtomic(path: string, text: string, mode?: number): Promise<void> {
  const out = atomicOutput(path, mode)
  try {
    await new Promise<void>((resolve, reject) => {
      out.stream.once('error', reject)
      out.stream.write(text, err => (err ? reject(err) : resolve()))
    })
    await out.commit()
  } catch (err) {
    await out.abort()
    throw err
  }
}

/**
 * writeTextAtomic for a file a flag names (`--save-snapshot`): a failed write is one line with
 * curl's write-error code (23), and never reads as written.
 */
export async function writeFlagFile(flag: string, path: string, text: string, mode?: number): Promise<void> {
  await writeTextAtomic(path, text, mode).catch((err: unknown) => {
    throw new PvapiError(
      'PV_WRITE',
      `cannot write ${flag} ${path}: ${err instanceof Error ? err.message : String(err)}`,
      ExitCode.Write,
      undefined,
      { cause: err },
    )
  })
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // already gone, or never created (the open failed)
  }
}

/** The regular (or not yet existing) file that `path` names, through symlinks; else undefined. */
function regularFileBehind(path: string): string | undefined {
  let st: ReturnType<typeof lstatSync>
  try {
    st = lstatSync(path)
  } catch {
    return path // absent (or unreadable: the open reports it)
  }
  if (st.isFile()) return path
  if (!st.isSymbolicLink()) return undefined
  try {
    const real = realpathSync(path)
    return statSync(real).isFile() ? real : undefined
  } catch {
    return undefined // a dangling link: writing through it creates its target, as curl does
  }
}

/** Resolves when the stream has closed; rejects on an open or write error. */
function closedPromise(stream: NodeJS.WritableStream): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => {
    stream.once('close', resolve)
    stream.once('error', reject)
  })
  // An open or write error (no such directory, disk full) also reaches the transfer through
  // the stream's 'error' event and fails it (exit 23). Without this handler the rejection
  // would be unhandled until commit() and crash pvapi with a stack trace.
  closed.catch(() => undefined)
  return closed
}

/** Write straight to a device, FIFO or symlink: nothing to move into place afterwards. */
function directOutput(path: string): OutputFile {
  const stream = fileWritable(path, 'w')
  const closed = closedPromise(stream)
  return {
    stream,
    async commit() {
      stream.end()
      await closed
    },
    async abort() {
      stream.destroy()
      await closed.catch(() => undefined)
    },
  }
}

/**
 * A write stream on a file, like fs.createWriteStream (opens on construction, errors arrive as
 * 'error' events), minus its cost: on Node 20 the first createWriteStream loads fs/promises,
 * readline and the fs watchers, about 4 ms of every `call -o`.
 */
function fileWritable(path: string, flags: 'w' | 'wx', mode = 0o666): Writable {
  let fd = -1
  return new Writable({
    construct(cb) {
      open(path, flags, mode, (err, opened) => {
        if (!err) fd = opened
        cb(err)
      })
    },
    write(chunk: Buffer, _encoding, cb) {
      const next = (offset: number): void => {
        write(fd, chunk, offset, chunk.length - offset, null, (err, n) =>
          err ? cb(err) : offset + n < chunk.length ? next(offset + n) : cb(),
        )
      }
      next(0)
    },
    destroy(err, cb) {
      if (fd < 0) return cb(err)
      close(fd, closeErr => cb(err ?? closeErr))
    },
  })
}
