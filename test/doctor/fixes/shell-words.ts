/**
 * Splits one command line into argv the way a POSIX shell would for the subset fixes may use:
 * blanks, single quotes, double quotes (with \" \\ \$ \` escapes), backslash escapes, and a `#`
 * comment at the start of a word. Anything a shell would treat as a construct (pipes, `;`, `&`,
 * redirections, `$`, backquotes, globs) is refused: a fix must be one plain command.
 */
export function shellWords(line: string): string[] {
  const words: string[] = []
  let cur = ''
  let inWord = false
  let i = 0
  while (i < line.length) {
    const c = line[i]!
    if (c === ' ' || c === '\t') {
      if (inWord) words.push(cur)
      cur = ''
      inWord = false
      i++
      continue
    }
    if (c === '#' && !inWord) break
    if (c === "'") {
      const end = line.indexOf("'", i + 1)
      if (end < 0) throw new Error(`unterminated single quote in: ${line}`)
      cur += line.slice(i + 1, end)
      inWord = true
      i = end + 1
      continue
    }
    if (c === '"') {
      i++
      for (;;) {
        if (i >= line.length) throw new Error(`unterminated double quote in: ${line}`)
        const d = line[i]!
        if (d === '"') break
        if (d === '$' || d === '`') throw new Error(`expansion inside double quotes in: ${line}`)
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
          cur += line[i + 1]
          i += 2
          continue
        }
        cur += d
        i++
      }
      inWord = true
      i++
      continue
    }
    if (c === '\\') {
      if (i + 1 >= line.length) throw new Error(`trailing backslash in: ${line}`)
      cur += line[i + 1]
      inWord = true
      i += 2
      continue
    }
    // Unquoted, these are shell syntax (pipes, lists, redirections, expansions, globs, braces).
    if ('|&;<>()$`*?[]{}'.includes(c)) throw new Error(`unquoted ${JSON.stringify(c)} in: ${line}`)
    cur += c
    inWord = true
    i++
  }
  if (inWord) words.push(cur)
  return words
}
