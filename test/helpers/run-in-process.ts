/**
 * Run `pvapi …` in this process through main(argv, ctx), as the built binary would but without a
 * process start (~100 ms each on these machines). For the many usage and input cases whose point
 * is the CLI's logic; tests about the process itself (signals, exit on write errors, the compile
 * cache, the bundle) spawn the built binary instead (runCli / startCli).
 */
import { Writable } from 'node:stream'
import { Chalk } from 'chalk'
import type { Io } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import type { CliResult } from './run-cli.js'

export async function runInProcess(
  args: readonly string[],
  opts: {
    env?: Record<string, string | undefined>
    stdin?: Buffer | string
    user?: string
    /** Sees each stdout write as it happens (a streamed body). */
    onStdout?: (chunk: Buffer) => void
  } = {},
): Promise<CliResult> {
  const started = performance.now()
  const out: Buffer[] = []
  const err: string[] = []
  const stdout = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)
      out.push(b)
      opts.onStdout?.(b)
      cb()
    },
  })
  const io: Io = {
    stdout,
    out: t => void out.push(Buffer.from(t)),
    err: t => void err.push(t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    colors: new Chalk({ level: 0 }),
    errColors: new Chalk({ level: 0 }),
    readStdin: async () => (opts.stdin === undefined ? Buffer.alloc(0) : Buffer.from(opts.stdin)),
    prompt: async () => '',
  }
  const code = await main(args, {
    io,
    env: opts.env ?? {},
    user: opts.user ?? 'test',
    signal: new AbortController().signal,
  })
  const body = Buffer.concat(out)
  return {
    code,
    stdout: body,
    out: body.toString('utf8'),
    stderr: err.join(''),
    ms: performance.now() - started,
  }
}
