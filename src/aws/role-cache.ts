import { createHash } from 'node:crypto'
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import type { AwsCredentialIdentity } from '@smithy/types'

/**
 * Assumed-role sessions cached on disk exactly as the AWS CLI caches them, so each tool reuses
 * the other's: the folder is ~/.aws/cli/cache (awscli/customizations/assumerole.py CACHE_DIR),
 * one `<key>.json` per role, the key and file format those of botocore's
 * AssumeRoleCredentialFetcher and JSONFileCache (botocore/credentials.py, botocore/utils.py).
 */

/** The AssumeRole arguments that make up the key (botocore's `_assume_kwargs`). */
export interface RoleCacheArgs {
  readonly RoleArn: string
  /** Only when the user chose it: botocore leaves a generated session name out of the key. */
  readonly RoleSessionName?: string
  readonly ExternalId?: string
  readonly SerialNumber?: string
  readonly DurationSeconds?: number
}

/**
 * botocore `_create_cache_key`: `json.dumps(args, sort_keys=True)` (Python's default
 * separators `", "` and `": "`, non-ASCII escaped as \uXXXX), SHA-1, hex; then `:` and `/`
 * become `_` (never present in hex).
 */
export function roleCacheKey(args: RoleCacheArgs): string {
  const clean = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined))
  return createHash('sha1')
    .update(pythonJson(clean), 'utf8')
    .digest('hex')
    .replace(/[:/\\]/g, '_')
}

/** Python's `json.dumps(value, sort_keys=True)` for strings, numbers, booleans, objects and lists. */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string')
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )
  return `{${entries.map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`).join(', ')}}`
}

export interface CachedRole {
  readonly credentials: AwsCredentialIdentity & { expiration: Date }
  readonly assumedRoleArn?: string
}

/**
 * Refresh when fewer than 5 minutes remain. (The AWS CLI's own margin is 15 minutes,
 * botocore's CachedCredentialFetcher.DEFAULT_EXPIRY_WINDOW_SECONDS: it re-assumes earlier and
 * overwrites the file, which pvapi then reuses.)
 */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000

/** ~/.aws/cli/cache, from HOME (USERPROFILE on Windows), or undefined when neither is set. */
export function roleCacheDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const home = env.HOME || env.USERPROFILE
  return home ? join(home, '.aws', 'cli', 'cache') : undefined
}

/** The CLI writes `2026-01-02T03:04:05UTC` (strftime %Z); accept that, `Z` and offsets. */
function parseExpiration(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined
  const d = new Date(text.replace(/UTC$/, 'Z'))
  return Number.isNaN(d.getTime()) ? undefined : d
}

/**
 * A cached session that is still good for more than the margin, or undefined. A missing,
 * unreadable, corrupt or foreign-format file is the same as no file (it is replaced on write).
 */
export function readCachedRole(dir: string, key: string, now: Date): CachedRole | undefined {
  let doc: unknown
  try {
    doc = JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8'))
  } catch {
    return undefined
  }
  const c = (doc as { Credentials?: Record<string, unknown> } | null)?.Credentials
  if (!c || typeof c !== 'object') return undefined
  const expiration = parseExpiration(c.Expiration)
  if (
    typeof c.AccessKeyId !== 'string' ||
    typeof c.SecretAccessKey !== 'string' ||
    typeof c.SessionToken !== 'string' ||
    !expiration ||
    expiration.getTime() - now.getTime() < REFRESH_MARGIN_MS
  )
    return undefined
  const arn = (doc as { AssumedRoleUser?: { Arn?: unknown } }).AssumedRoleUser?.Arn
  return {
    credentials: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration,
    },
    ...(typeof arn === 'string' ? { assumedRoleArn: arn } : {}),
  }
}

/** The CLI's strftime('%Y-%m-%dT%H:%M:%S%Z') of a UTC time. */
const cliTime = (d: Date) => `${d.toISOString().slice(0, 19)}UTC`

/**
 * Write a session in the CLI's format: the file 0600 (a temporary sibling, renamed: never
 * half-written), the folder 0700. Failing to cache is not an error: the call goes on.
 */
export function writeCachedRole(
  dir: string,
  key: string,
  session: { credentials: AwsCredentialIdentity; assumedRoleArn?: string; assumedRoleId?: string },
): boolean {
  const c = session.credentials
  if (!c.sessionToken || !c.expiration) return false
  const account = /^arn:[^:]+:sts::(\d{12}):/.exec(session.assumedRoleArn ?? '')?.[1]
  const doc = {
    Credentials: {
      AccessKeyId: c.accessKeyId,
      SecretAccessKey: c.secretAccessKey,
      SessionToken: c.sessionToken,
      Expiration: cliTime(c.expiration),
      ...(account ? { AccountId: account } : {}),
    },
    ...(session.assumedRoleArn
      ? {
          AssumedRoleUser: {
            ...(session.assumedRoleId ? { AssumedRoleId: session.assumedRoleId } : {}),
            Arn: session.assumedRoleArn,
          },
        }
      : {}),
  }
  const tmp = join(dir, `.${key}.${process.pid}.${Date.now()}.tmp`)
  let fd: number | undefined
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    try {
      chmodSync(dir, 0o700)
    } catch {
      // Not ours to change (another user's folder): the file itself is still 0600.
    }
    fd = openSync(tmp, 'wx', 0o600)
    writeSync(fd, JSON.stringify(doc))
    fsyncSync(fd)
    closeSync(fd)
    fd = undefined
    renameSync(tmp, join(dir, `${key}.json`))
    return true
  } catch {
    if (fd !== undefined) closeSync(fd)
    try {
      unlinkSync(tmp)
    } catch {
      // nothing was written
    }
    return false
  }
}
