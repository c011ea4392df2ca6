/**
 * Error messages as pvapi records them from live answers: one short line, cut before the
 * canonical request and string to sign that API Gateway's signature-mismatch body quotes (they
 * hold the session token), and scrubbed of known secrets by the caller's redactor.
 */

/** Longest message kept. */
export const MESSAGE_MAX = 300

/** The sentence before the quoted canonical request, whitespace folded, at most MESSAGE_MAX characters. */
export function tidyMessage(message: string): string {
  const i = message.search(/\n\s*\n|The Canonical String for this request/)
  const head = i === -1 ? message : message.slice(0, i)
  const flat = head.replace(/\s+/g, ' ').trim()
  return flat.length > MESSAGE_MAX ? `${flat.slice(0, MESSAGE_MAX - 1)}…` : flat
}
