import type { Io } from './io.js'

/** What every command gets from the edge: the terminal, the environment, and how to finish. */
export interface CliContext {
  readonly io: Io
  readonly env: Readonly<Record<string, string | undefined>>
  /** Login name, for the default role session name. */
  readonly user: string | undefined
  readonly signal: AbortSignal
  setExitCode(code: number): void
  /**
   * Ask the edge to end the process as soon as the command returns, even if sockets or timers
   * are still pending (the doctor after its deadline or Ctrl-C). Absent in tests.
   */
  exitPromptly?(): void
}
