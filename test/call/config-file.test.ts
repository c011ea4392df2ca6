import { describe, expect, it } from 'vitest'
import { expandConfigArgs, parseCurlConfig } from '../../src/cli/config-file.js'

describe("-K/--config: curl's config syntax", () => {
  it('long names with or without dashes, = : or space, quotes and escapes, comments, url', () => {
    const text = [
      '# a comment',
      'url = "https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items"',
      'header = "X-Trace: a b"',
      '-H "X-Quote: say \\"hi\\"\\t!"',
      '--request: POST',
      'silent',
      'max-time 3',
      '   ',
      'data=@body.json trailing words are ignored',
    ].join('\n')
    expect(parseCurlConfig(text, 'f')).toEqual([
      'https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items',
      '--header',
      'X-Trace: a b',
      '-H',
      'X-Quote: say "hi"\t!',
      '--request',
      'POST',
      '--silent',
      '--max-time',
      '3',
      '--data',
      '@body.json',
    ])
  })
  it('an unclosed quote is a usage error naming the file and line', () => {
    expect(() => parseCurlConfig('header = "X: y', 'my.cfg')).toThrow(
      /my\.cfg line 1: the quoted value is not closed/,
    )
  })
  it('expands -K FILE and -K - in place; later flags still override', async () => {
    const files: Record<string, string> = { 'a.cfg': 'silent\nmax-time = 2\n' }
    const read = async (p: string) => Buffer.from(files[p] ?? '')
    const stdin = async () => Buffer.from('include\n')
    expect(
      await expandConfigArgs(['call', 'U', '-K', 'a.cfg', '-m', '5', '--config=-'], read, stdin),
    ).toEqual(['call', 'U', '--silent', '--max-time', '2', '-m', '5', '--include'])
  })
  it('config files that include themselves stop at a depth limit', async () => {
    const read = async () => Buffer.from('config = loop.cfg\n')
    await expect(expandConfigArgs(['-K', 'loop.cfg'], read, async () => Buffer.alloc(0))).rejects.toThrow(
      /nest more than 4/,
    )
  })
})
