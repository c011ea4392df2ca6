/** node:tls's subject object (`{ CN: 'alice', O: 'x' }`) as one line: `CN=alice, O=x`. */
export function subjectLine(subject: object | undefined): string | undefined {
  if (!subject) return undefined
  return Object.entries(subject as Record<string, unknown>)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ')
}
