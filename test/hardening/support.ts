/**
 * Helpers for the hardening tests: start the built CLI with a handle on the child (to send
 * SIGINT, or wrap it in /usr/bin/time), run many cases through a small pool, and the shared
 * "no stack trace" rule.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO, cliEnv, type CliResult } from '../helpers/run-cli.js'

export const BIN = join(REPO, 'bin/pvapi.js')

/** A stack frame line: what must never reach a user without --debug. */
export const STACK_FRAME = /\n\s+at /

export interface StartedCli {
  readonly child: ChildProcess
  readonly done: Promise<CliResult & { readonly signal: NodeJS.Signals | null }>
}

/**
 * Start the built CLI (like runCli, but the caller keeps the child process). `wrapper` runs
 * it under another program, e.g. ['/usr/bin/time', '-v'].
 */
export function startCli(
  args: readonly string[],
  opts: {
    env?: Record<string, string>
    stdin?: Buffer | string
    cwd?: string
    timeoutMs?: number
    wrapper?: readonly string[]
  } = {},
): StartedCli {
  const [cmd, ...pre] =
    opts.wrapper && opts.wrapper.length > 0 ? [...opts.wrapper, process.execPath] : [process.execPath]
  const started = performance.now()
  const child = spawn(cmd as string, [...pre, BIN, ...args], {
    env: opts.env ?? cliEnv(),
    cwd: opts.cwd ?? REPO,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout?.on('data', (c: Buffer) => out.push(c))
    child.stderr?.on('data', (c: Buffer) => err.push(c))
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(killer)
      const stdout = Buffer.concat(out)
      resolve({
        code,
        signal,
        stdout,
        out: stdout.toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - started,
      })
    })
  })
  child.stdin?.on('error', () => undefined) // the CLI may exit before reading all of stdin
  child.stdin?.end(opts.stdin ?? '')
  return { child, done }
}

/** Map over `items` with at most `limit` in flight (CLI runs are process-bound). */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i] as T, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex')

/** Peak resident set size of a process so far, from /proc (Linux), in kB. */
export function peakRssKb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) : undefined
  } catch {
    return undefined
  }
}
