import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'
import { Chalk, type ChalkInstance } from 'chalk'
import { isatty } from 'node:tty'

/** The terminal, as the commands see it: results to stdout, everything else to stderr. */
export interface Io {
  /** Binary-safe stdout (response bodies). */
  readonly stdout: NodeJS.WritableStream
  out(text: string): void
  /** Like `out`, settled when the text is written: rejects when stdout cannot take it (ENOSPC, EPIPE). */
  outAsync?(text: string): Promise<void>
  err(text: string): void
  readonly stdoutIsTTY: boolean
  readonly stderrIsTTY: boolean
  readonly stdinIsTTY: boolean
  /** Colours for stdout / stderr text (level 0 when not a TTY or NO_COLOR is set). */
  readonly colors: ChalkInstance
  readonly errColors: ChalkInstance
  readStdin(): Promise<Buffer>
  /** Ask on the terminal (stderr), without echo when `secret`. Only called on a TTY. */
  prompt(question: string, secret: boolean): Promise<string>
  /**
   * A progress spinner on stderr, started; undefined where none is shown (not a terminal, CI,
   * or an Io without one, as in tests).
   */
  spinner?(text: string): Promise<Spinner | undefined>
}

/** A running spinner: stopped when the work ends, marked failed when it throws. */
export interface Spinner {
  stop(): void
  fail(): void
}

/** Progress on stderr while `work` runs, through the Io port (a terminal shows a spinner). */
export async function withProgress<T>(io: Io, text: string, work: () => Promise<T>): Promise<T> {
  const spinner = await io.spinner?.(text)
  if (!spinner) return work()
  try {
    const value = await work()
    spinner.stop()
    return value
  } catch (err) {
    spinner.fail()
    throw err
  }
}

/** Colour only on a TTY, never with NO_COLOR (https://no-color.org) or TERM=dumb. */
export function colorLevel(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): 0 | 1 {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return 1
  if (!isTTY || env.TERM === 'dumb') return 0
  return 1
}

export function terminalIo(env: Readonly<Record<string, string | undefined>>): Io {
  // stdout can go away under us (`pvapi call … | head`): without a listener the EPIPE is an
  // uncaught 'error' event, a crash with a stack trace. A body being streamed fails with exit
  // 23 through its own listener (http/send.ts); any later write has nowhere to go.
  process.stdout.on('error', () => undefined)
  // Likewise stderr (`pvapi … 2>&1 | head -1`): the exit code must stay the real one, not a crash's 1.
  process.stderr.on('error', () => undefined)
  return {
    stdout: process.stdout,
    out: t => void process.stdout.write(t),
    outAsync: t =>
      new Promise<void>((resolve, reject) => process.stdout.write(t, err => (err ? reject(err) : resolve()))),
    err: t => void process.stderr.write(t),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    // isatty(0), not process.stdin.isTTY: building process.stdin for a file or /dev/null loads
    // fs streams and fs/promises, start-up cost for the many commands that never read stdin.
    stdinIsTTY: isatty(0),
    colors: new Chalk({ level: colorLevel(Boolean(process.stdout.isTTY), env) }),
    errColors: new Chalk({ level: colorLevel(Boolean(process.stderr.isTTY), env) }),
    async readStdin() {
      const chunks: Buffer[] = []
      for await (const c of process.stdin) chunks.push(c as Buffer)
      return Buffer.concat(chunks)
    },
    prompt: (question, secret) => promptTty(question, secret),
    spinner: text => startSpinner(text, env),
  }
}

/** An ora spinner on stderr, only on a sized TTY and outside CI. */
async function startSpinner(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Spinner | undefined> {
  // A terminal that reports no width (a pty nobody sized) would make ora's redraw clear lines
  // without end, blocking the event loop, Ctrl-C included.
  if (!process.stderr.isTTY || env.CI || !process.stderr.columns) return undefined
  const { default: ora } = await import('ora')
  // discardStdin: false. By default ora puts the terminal in raw mode to swallow keystrokes,
  // and in raw mode Ctrl-C is a byte, not SIGINT: pvapi could not be stopped.
  const spinner = ora({ text, stream: process.stderr, discardStdin: false }).start()
  return { stop: () => void spinner.stop(), fail: () => void spinner.fail() }
}

/** Read one line from the TTY; with `secret`, nothing typed is echoed (MFA codes). */
function promptTty(question: string, secret: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin
    let answer = ''
    const wasRaw = stdin.isRaw
    // Echo off before the question appears, so a code typed the moment it shows is not echoed.
    if (secret) stdin.setRawMode?.(true)
    process.stderr.write(question)
    stdin.resume()
    stdin.setEncoding('utf8')
    const done = (err?: Error) => {
      stdin.off('data', onData)
      if (secret) stdin.setRawMode?.(wasRaw)
      stdin.pause()
      process.stderr.write('\n')
      if (err) reject(err)
      else resolve(answer.trim())
    }
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done()
        if (ch === '\u0003') {
          // Raw mode turned Ctrl-C into a byte: raise the signal it would have been, so the
          // command's abort signal fires too (the doctor then reports and exits 130).
          done(new PvapiError('PV_INTERRUPTED', 'interrupted', ExitCode.Interrupted))
          process.kill(process.pid, 'SIGINT')
          return
        }
        if (ch === '\u007f') answer = answer.slice(0, -1)
        else answer += ch
      }
    }
    stdin.on('data', onData)
  })
}

/**
 * Write a command's result to stdout and wait until it is written. A result nobody can read
 * (`> /dev/full`, a closed pipe) is exit 23 with one line, as curl does, not the command's
 * own exit code.
 */
export async function writeOut(io: Io, text: string, what: string): Promise<void> {
  if (!io.outAsync) return io.out(text)
  try {
    await io.outAsync(text)
  } catch (err) {
    const code = (err as { code?: string }).code
    throw new PvapiError(
      'PV_WRITE',
      `cannot write ${what} to stdout${code ? ` (${code})` : ''}`,
      ExitCode.Write,
      code === 'EPIPE' ? 'the reading end of the pipe closed first' : 'check the disk or the redirection',
      { cause: err },
    )
  }
}
