import { createWriteStream } from 'node:fs'
import { readFile, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { OutputFile } from '../call/run-call.js'
import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'

/** Read a file the user named; a problem is one line with curl's read-error code (26). */
export async function readUserFile(path: string, what: string): Promise<Buffer> {
  // `-d @` with nothing after it used to read "cannot read data file : no such file".
  if (path === '') throw new PvapiError('PV_READ', `cannot read ${what}: no file name given`, ExitCode.Read, 'name the file after @ (e.g. -d @body.json), or use @- for stdin')
  try {
    const st = await stat(path)
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' })
    return await readFile(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (err as Error).message
    throw new PvapiError('PV_READ', `cannot read ${what} ${path}: ${why}`, ExitCode.Read, undefined, { cause: err })
  }
}

/**
 * `-o FILE`: write to a temporary sibling and rename on success, so an interrupted or failed
 * transfer never leaves a half-written file under the user's name.
 */
export function atomicOutput(path: string): OutputFile {
  const tmp = join(dirname(path), `.${basename(path)}.pvapi-${process.pid}-${Date.now()}.tmp`)
  const stream = createWriteStream(tmp, { flags: 'wx' })
  const closed = new Promise<void>((resolve, reject) => {
    stream.once('close', resolve)
    stream.once('error', reject)
  })
  // An open or write error (no such directory, disk full) also reaches the transfer through
  // the stream's 'error' event and fails it (exit 23). Without this handler the rejection
  // would be unhandled until commit() and crash pvapi with a stack trace.
  closed.catch(() => undefined)
  return {
    stream,
    async commit() {
      try {
        stream.end()
        await closed
        await rename(tmp, path)
      } catch (err) {
        // e.g. `-o DIR`: the rename fails; never leave the temporary file behind.
        await unlink(tmp).catch(() => undefined)
        throw err
      }
    },
    async abort() {
      stream.destroy()
      await closed.catch(() => undefined)
      await unlink(tmp).catch(() => undefined)
    },
  }
}
