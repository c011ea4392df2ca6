/**
 * Reading policy text. Policies reach us in three string shapes:
 * - plain JSON (a file, or a VPC endpoint's `PolicyDocument`);
 * - the string API Gateway returns in `GetRestApi.policy`, where every quote is
 *   backslash-escaped: `{\"Version\":\"2012-10-17\",...}` (the body of a JSON string literal);
 * - that string still wrapped in its quotes (`"{\"Version\":...}"`, i.e. JSON-encoded twice).
 *
 * We use our own small JSON reader rather than `JSON.parse` because JSON.parse keeps the
 * last of two duplicate keys silently, and in IAM that hides real mistakes: two
 * `"StringEquals"` blocks in one `Condition`, or two `"Statement"` arrays, where only the
 * last one takes effect. Duplicates are reported as issues.
 */
import type { PolicyIssue } from './errors.js'

/** The decoded text, the JSON value, and any problems found on the way. */
export interface DecodedJson {
  readonly value: unknown
  readonly issues: readonly PolicyIssue[]
}

class JsonSyntaxError extends Error {}

// The reader is recursive: without a bound, `[[[[…` a few thousand levels deep overflowed the
// stack (a RangeError that surfaced as an internal error). No IAM policy nests deeper than a
// handful of levels.
const MAX_DEPTH = 256

/** Reads strict JSON and records duplicate object keys (by policy path). */
class Reader {
  private pos = 0
  private depth = 0
  readonly duplicates: PolicyIssue[] = []

  constructor(private readonly text: string) {}

  read(): unknown {
    this.ws()
    const value = this.value('')
    this.ws()
    if (this.pos < this.text.length) this.fail('unexpected text after the JSON value')
    return value
  }

  private fail(what: string): never {
    const before = this.text.slice(0, this.pos)
    const line = before.split('\n').length
    const column = this.pos - before.lastIndexOf('\n')
    throw new JsonSyntaxError(`${what} at line ${line}, column ${column}`)
  }

  private ws(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos)
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++
      else break
    }
  }

  private value(path: string): unknown {
    const c = this.text[this.pos]
    if (c === '{' || c === '[') {
      if (++this.depth > MAX_DEPTH) this.fail(`arrays and objects nested more than ${MAX_DEPTH} levels deep`)
      const nested = c === '{' ? this.object(path) : this.array(path)
      this.depth--
      return nested
    }
    if (c === '"') return this.string()
    if (c === 't' && this.text.startsWith('true', this.pos)) return ((this.pos += 4), true)
    if (c === 'f' && this.text.startsWith('false', this.pos)) return ((this.pos += 5), false)
    if (c === 'n' && this.text.startsWith('null', this.pos)) return ((this.pos += 4), null)
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 64))
    if (m) {
      this.pos += m[0].length
      return Number(m[0])
    }
    this.fail(c === undefined ? 'unexpected end of text' : `unexpected character ${JSON.stringify(c)}`)
  }

  private object(path: string): Record<string, unknown> {
    this.pos++ // {
    const out: Record<string, unknown> = {}
    const seen = new Set<string>()
    this.ws()
    if (this.text[this.pos] === '}') return (this.pos++, out)
    for (;;) {
      this.ws()
      if (this.text[this.pos] !== '"') this.fail('expected a quoted key')
      const key = this.string()
      this.ws()
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after key ${JSON.stringify(key)}`)
      this.pos++
      this.ws()
      const childPath = path ? `${path}.${key}` : key
      const value = this.value(childPath)
      if (seen.has(key)) {
        this.duplicates.push({
          code: 'duplicate-key',
          path: childPath,
          message: `duplicate key ${JSON.stringify(key)}: JSON keeps only the last one, so the earlier value is silently ignored by AWS`,
        })
      }
      seen.add(key)
      // defineProperty so a key named __proto__ stays plain data
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
      this.ws()
      const c = this.text[this.pos]
      if (c === ',') {
        this.pos++
        continue
      }
      if (c === '}') return (this.pos++, out)
      this.fail("expected ',' or '}'")
    }
  }

  private array(path: string): unknown[] {
    this.pos++ // [
    const out: unknown[] = []
    this.ws()
    if (this.text[this.pos] === ']') return (this.pos++, out)
    for (;;) {
      this.ws()
      out.push(this.value(`${path}[${out.length}]`))
      this.ws()
      const c = this.text[this.pos]
      if (c === ',') {
        this.pos++
        continue
      }
      if (c === ']') return (this.pos++, out)
      this.fail("expected ',' or ']'")
    }
  }

  private string(): string {
    const start = this.pos
    this.pos++ // opening quote
    for (;;) {
      const c = this.text[this.pos]
      if (c === undefined) this.fail('unterminated string')
      if (c === '"') break
      if (c === '\\') this.pos++
      else if (c.charCodeAt(0) < 0x20) this.fail('control character in a string')
      this.pos++
    }
    this.pos++
    try {
      // The literal has been delimited exactly; let the platform decode its escapes.
      return JSON.parse(this.text.slice(start, this.pos)) as string
    } catch {
      this.pos = start
      this.fail('invalid escape in a string')
    }
  }
}

function readJson(text: string): DecodedJson {
  const reader = new Reader(text)
  const value = reader.read()
  return { value, issues: reader.duplicates }
}

/**
 * Decodes policy text in any of the shapes API Gateway and EC2 hand out (see the module
 * comment). Returns the JSON value or a single `invalid-json` issue.
 */
export function decodePolicyText(input: string): DecodedJson {
  const text = input.replace(/^\uFEFF/, '').trim()
  if (text === '')
    return {
      value: undefined,
      issues: [{ code: 'invalid-json', path: '', message: 'the policy text is empty' }],
    }
  let firstError = ''
  try {
    const decoded = readJson(text)
    // A JSON string holding JSON: the GetRestApi.policy value kept with its quotes.
    if (typeof decoded.value === 'string') return decodePolicyText(decoded.value)
    return decoded
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err
    firstError = err.message
  }
  // Backslash-escaped quotes: the body of a JSON string literal, as GetRestApi.policy returns it.
  if (/^\{\s*\\"/.test(text)) {
    let unescaped: string | undefined
    try {
      // Raw line breaks are not allowed inside a JSON string literal; they are only layout here.
      unescaped = JSON.parse(`"${text.replace(/[\n\r\t]/g, ' ')}"`) as string
    } catch {
      unescaped = undefined
    }
    if (unescaped !== undefined) {
      try {
        return readJson(unescaped)
      } catch (err) {
        if (!(err instanceof JsonSyntaxError)) throw err
        return {
          value: undefined,
          issues: [
            {
              code: 'invalid-json',
              path: '',
              message: `not valid JSON after un-escaping the API Gateway policy string: ${err.message}`,
            },
          ],
        }
      }
    }
  }
  return {
    value: undefined,
    issues: [{ code: 'invalid-json', path: '', message: `not valid JSON: ${firstError}` }],
  }
}
