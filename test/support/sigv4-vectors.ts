/**
 * Reads the AWS SigV4 test suite (aws-c-auth layout) from `../shared/fixtures/sigv4-testsuite/v4`
 * at test time. The vectors are never copied into this repository.
 *
 * Layout (see the suite's NOTICE.md): one folder per case, each with `context.json`,
 * `request.txt` and, per signing style (`header-` / `query-`), `canonical-request.txt`,
 * `string-to-sign.txt`, `signature.txt` and `signed-request.txt`. `request.txt` is
 * `METHOD target HTTP/1.1`, `Name:value` lines (continuation lines start with whitespace),
 * a blank line and the body. Targets are raw text (`/example space/`, `/ሴ`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
/** `<repo root>/../shared`, where the shared fixtures live (absent on a fresh clone elsewhere). */
export const SHARED_DIR = resolve(REPO_ROOT, '../shared')
export const SIGV4_SUITE_DIR = join(SHARED_DIR, 'fixtures/sigv4-testsuite/v4')

export interface VectorContext {
  readonly credentials: {
    readonly access_key_id: string
    readonly secret_access_key: string
    readonly token?: string
  }
  readonly region: string
  readonly service: string
  readonly timestamp: string
  readonly normalize: boolean
  readonly sign_body: boolean
  readonly omit_session_token?: boolean
  readonly expiration_in_seconds?: number
}

export interface ParsedHttpRequest {
  readonly method: string
  readonly target: string
  readonly headers: Array<[string, string]>
  readonly body: Buffer
}

export interface SigV4Vector {
  readonly name: string
  readonly context: VectorContext
  readonly request: ParsedHttpRequest
  readonly header: VectorVariant
  readonly query: VectorVariant
}

export interface VectorVariant {
  readonly canonicalRequest: string
  readonly stringToSign: string
  readonly signature: string
  readonly signedRequest: ParsedHttpRequest
}

export function suiteAvailable(): boolean {
  return existsSync(SIGV4_SUITE_DIR)
}

export function loadVectors(): SigV4Vector[] {
  return readdirSync(SIGV4_SUITE_DIR, { withFileTypes: true })
    .filter(d => d.isDirectory())
    .map(d => d.name)
    .sort()
    .map(name => {
      const dir = join(SIGV4_SUITE_DIR, name)
      const read = (f: string) => readFileSync(join(dir, f))
      const variant = (prefix: 'header' | 'query'): VectorVariant => ({
        canonicalRequest: read(`${prefix}-canonical-request.txt`).toString('utf8'),
        stringToSign: read(`${prefix}-string-to-sign.txt`).toString('utf8'),
        signature: read(`${prefix}-signature.txt`).toString('utf8').trim(),
        signedRequest: parseHttpRequest(read(`${prefix}-signed-request.txt`)),
      })
      return {
        name,
        context: JSON.parse(read('context.json').toString('utf8')) as VectorContext,
        request: parseHttpRequest(read('request.txt')),
        header: variant('header'),
        query: variant('query'),
      }
    })
}

/** Parse the suite's request format. Folded (continuation) lines join the previous value with a space. */
export function parseHttpRequest(raw: Buffer): ParsedHttpRequest {
  const text = raw.toString('utf8')
  const blank = text.indexOf('\n\n')
  const head = blank < 0 ? text : text.slice(0, blank)
  const body = blank < 0 ? Buffer.alloc(0) : Buffer.from(text.slice(blank + 2), 'utf8')
  const [requestLine = '', ...lines] = head.split('\n')
  const firstSpace = requestLine.indexOf(' ')
  const lastSpace = requestLine.lastIndexOf(' ')
  const method = requestLine.slice(0, firstSpace)
  const target = requestLine.slice(firstSpace + 1, lastSpace)
  const headers: Array<[string, string]> = []
  for (const line of lines) {
    if (line === '') continue
    const last = headers[headers.length - 1]
    if (/^\s/.test(line) && last) {
      last[1] = `${last[1]} ${line}`
      continue
    }
    const colon = line.indexOf(':')
    headers.push([line.slice(0, colon), line.slice(colon + 1)])
  }
  return { method, target, headers, body }
}
