import { describe, expect, it } from 'vitest'
import { parseHeader, parseHostMode, parseMethod, parseSeconds, parseVpce } from '../../src/call/options.js'
import { assembleBody } from '../../src/call/body.js'

describe('-H parsing (curl forms)', () => {
  it.each([
    ['Accept: application/json', { name: 'Accept', value: 'application/json' }],
    ['X-Thing:  spaced  ', { name: 'X-Thing', value: 'spaced' }],
    ['X-Empty;', { name: 'X-Empty', value: '' }],
    ['Accept:', { name: 'Accept', value: undefined }],
    ['X-Url: https://a.example/x:1', { name: 'X-Url', value: 'https://a.example/x:1' }],
  ])('%j', (spec, expected) => expect(parseHeader(spec)).toEqual(expected))
  it.each(['NoColon', 'Bad Name: x', ': value', 'X-A;b'])('rejects %j', spec =>
    expect(() => parseHeader(spec)).toThrow(/header/),
  )
  it('rejects line breaks in values', () =>
    expect(() => parseHeader('X: a\r\nInjected: 1')).toThrow('line breaks'))
})

describe('other flags', () => {
  it('method: GET, POST with a body, -X wins', () => {
    expect(parseMethod(undefined, false)).toBe('GET')
    expect(parseMethod(undefined, true)).toBe('POST')
    expect(parseMethod('PUT', true)).toBe('PUT')
    expect(() => parseMethod('GET /x', false)).toThrow('not an HTTP method')
  })
  it('host mode', () => {
    expect(parseHostMode(undefined)).toBe('header')
    expect(parseHostMode('host')).toBe('host')
    expect(() => parseHostMode('sni')).toThrow('expected header or host')
  })
  it('vpce id or name', () => {
    expect(parseVpce('vpce-0123456789abcdef0')).toEqual({ id: 'vpce-0123456789abcdef0' })
    expect(parseVpce('VPCE-0123456789ABCDEF0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com')).toEqual({
      hostname: 'vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com',
    })
    expect(() => parseVpce('vpce-xyz')).toThrow('not a VPC endpoint id')
    expect(() => parseVpce('not a name')).toThrow('not a VPC endpoint id')
  })
  it('seconds', () => {
    expect(parseSeconds('-m', '1.5')).toBe(1500)
    expect(() => parseSeconds('-m', '-1')).toThrow('seconds')
    expect(() => parseSeconds('-m', 'soon')).toThrow('seconds')
  })
})

describe('body assembly (curl rules, byte for byte)', () => {
  const files: Record<string, Buffer> = {
    'a.txt': Buffer.from('line1\r\nline2\n'),
    'bin.dat': Buffer.from([0, 255, 10, 13, 1]),
  }
  const io = {
    readFile: async (p: string) => files[p] ?? Promise.reject(new Error('missing')),
    readStdin: async () => Buffer.from('from-stdin\n'),
  }
  it('-d @file strips CR/LF; --data-binary keeps every byte', async () => {
    expect((await assembleBody([{ kind: 'data', value: '@a.txt' }], io))?.bytes.toString()).toBe('line1line2')
    expect((await assembleBody([{ kind: 'binary', value: '@bin.dat' }], io))?.bytes).toEqual(files['bin.dat'])
  })
  it('several -d join with &; --json pieces concatenate', async () => {
    expect(
      (
        await assembleBody(
          [
            { kind: 'data', value: 'a=1' },
            { kind: 'data', value: 'b=2' },
          ],
          io,
        )
      )?.bytes.toString(),
    ).toBe('a=1&b=2')
    const j = await assembleBody(
      [
        { kind: 'json', value: '{"a":' },
        { kind: 'json', value: '1}' },
      ],
      io,
    )
    expect(j).toMatchObject({ json: true, contentType: 'application/json' })
    expect(j?.bytes.toString()).toBe('{"a":1}')
  })
  it('@- reads stdin; --data-raw never reads a file', async () => {
    expect((await assembleBody([{ kind: 'binary', value: '@-' }], io))?.bytes.toString()).toBe('from-stdin\n')
    expect((await assembleBody([{ kind: 'raw', value: '@a.txt' }], io))?.bytes.toString()).toBe('@a.txt')
  })
  it('no data, no body', async () => expect(await assembleBody([], io)).toBeUndefined())
})
