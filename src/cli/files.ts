import { createWriteStream } from 'node:fs'
import { readFile, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { OutputFile } from '../call/run-call.js'
import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'

/** Read a file the user named; a problem is one line with curl's read-error code (26). */
export async function readUserFile(path: string, what: string): Promise<Buffer> {
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
  return {
    stream,
    async commit() {
      stream.end()
      await closed
      await rename(tmp, path)
    },
    async abort() {
      stream.destroy()
      await closed.catch(() => undefined)
      await unlink(tmp).catch(() => undefined)
    },
  }
}
