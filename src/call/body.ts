import type { DataArg } from './options.js'

export interface BodyReaders {
  readFile(path: string): Promise<Buffer>
  readStdin(): Promise<Buffer>
}

export interface Body {
  readonly bytes: Buffer
  /** The content-type curl would send for these flags (unless the user set one). */
  readonly contentType?: string
  readonly json: boolean
}

/**
 * Assemble the body with curl's rules, byte for byte: several -d are joined by `&`;
 * `-d @file` strips CR and LF (curl does), `--data-binary @file` and `--json @file` keep every
 * byte; `--data-raw` never reads a file; `@-` reads stdin (once). The signature hashes exactly
 * these bytes.
 */
export async function assembleBody(args: readonly DataArg[], io: BodyReaders): Promise<Body | undefined> {
  if (args.length === 0) return undefined
  let stdin: Buffer | undefined
  const load = async (ref: string) => (ref === '-' ? (stdin ??= await io.readStdin()) : io.readFile(ref))
  const parts: Buffer[] = []
  const json = args.some(a => a.kind === 'json')
  for (const [i, a] of args.entries()) {
    let chunk: Buffer
    if (a.kind !== 'raw' && a.value.startsWith('@')) {
      chunk = await load(a.value.slice(1))
      if (a.kind === 'data') chunk = Buffer.from(chunk.filter(b => b !== 0x0d && b !== 0x0a))
    } else chunk = Buffer.from(a.value, 'utf8')
    // curl joins -d pieces with '&', but --json pieces are concatenated as they are.
    if (i > 0 && !(a.kind === 'json' && args[i - 1]?.kind === 'json')) parts.push(Buffer.from('&'))
    parts.push(chunk)
  }
  return {
    bytes: Buffer.concat(parts),
    json,
    contentType: json ? 'application/json' : 'application/x-www-form-urlencoded',
  }
}
