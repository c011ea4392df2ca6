import type { Io } from './io.js'

/** What every command gets from the edge: the terminal, the environment, and how to finish. */
export interface CliContext {
  readonly io: Io
  readonly env: Readonly<Record<string, string | undefined>>
  /** Login name, for the default role session name. */
  readonly user: string | undefined
  readonly signal: AbortSignal
  setExitCode(code: number): void
}
