import { createHash } from 'node:crypto'

/** A short, non-reversible fingerprint: enough to compare two values, useless to an attacker. */
export function fingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 8)}`
}

/** Authorization header with the signature replaced by its fingerprint. */
export function redactAuthorization(value: string): string {
  return value.replace(
    /Signature=([0-9a-fA-F]+)/,
    (_m, sig: string) => `Signature=[redacted ${fingerprint(sig)}]`,
  )
}

export function redactToken(value: string): string {
  return `[redacted ${value.length} chars, ${fingerprint(value)}]`
}

/**
 * Scrubs known secrets from any text before it is written anywhere. Output code redacts
 * fields it knows about; this is the net under it, for messages that quote a secret by accident
 * (an SDK error, a server echo).
 */
export class Redactor {
  private readonly secrets = new Set<string>()

  add(...values: ReadonlyArray<string | undefined>): void {
    // Very short strings would redact ordinary text; real secrets are long.
    for (const v of values) if (v && v.length >= 8) this.secrets.add(v)
  }

  scrub(text: string): string {
    let out = text
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(`[redacted ${fingerprint(s)}]`)
    // Signatures we did not register (another tool's, a server echo): never print one raw.
    return out.replace(
      /(Signature=)([0-9a-f]{64})/g,
      (_m, p: string, sig: string) => `${p}[redacted ${fingerprint(sig)}]`,
    )
  }
}
