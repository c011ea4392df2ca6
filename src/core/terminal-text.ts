/**
 * Text a server controls (an error message in a response body, a header value, a redirect
 * target, a certificate subject, an SDK error quoting an endpoint's answer) must not drive the
 * terminal pvapi prints it on. An ESC sequence could clear the screen, rewrite the lines above
 * (hiding a warning), set the window title or, on some terminals, write to the clipboard
 * (OSC 52); a CR or LF could forge a `pvapi:` line; a bidi override could reorder what is
 * displayed. So every C0/C1 control character except TAB, DEL, and the Unicode bidi controls
 * are shown as visible escapes (`\x1b`, `\u202e`) instead of being interpreted.
 */
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
const CONTROLS_BUT_NEWLINE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

const visible = (ch: string): string => {
  const code = ch.charCodeAt(0)
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`
}

/**
 * One line, safe to print on a terminal: control characters (newlines included) become
 * visible escapes. Pure; text without control characters is returned unchanged.
 */
export function terminalSafe(text: string): string {
  return text.replace(CONTROLS, visible)
}

/** Like {@link terminalSafe}, but keeps line breaks (`\n`): for multi-line text such as a stack trace. */
export function terminalSafeLines(text: string): string {
  return text.replace(CONTROLS_BUT_NEWLINE, visible)
}

/**
 * Every string inside a value, made terminal-safe (line breaks kept): for reports whose text
 * comes partly from AWS (resource names, tags, policy Sids, error messages) before they are
 * rendered for a terminal. JSON output needs none of this: JSON escapes control characters.
 */
export function terminalSafeDeep<T>(value: T): T {
  if (typeof value === 'string') return terminalSafeLines(value) as T
  if (Array.isArray(value)) return value.map(v => terminalSafeDeep(v)) as T
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, terminalSafeDeep(v)])) as T
  return value
}
