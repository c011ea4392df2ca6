/** Run `pvapi …` in-process through main() with a recording terminal (no colour). */
import { PassThrough } from 'node:stream'
import { Chalk } from 'chalk'
import type { Io } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'

export async function runMain(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const io: Io = {
    stdout: new PassThrough(),
    out: t => void out.push(t),
    err: t => void err.push(t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    colors: new Chalk({ level: 0 }),
    errColors: new Chalk({ level: 0 }),
    readStdin: async () => Buffer.alloc(0),
    prompt: async () => '',
  }
  const code = await main(args, { io, env, user: 'test', signal: new AbortController().signal })
  return { code, out: out.join(''), err: err.join('') }
}
