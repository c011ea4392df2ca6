import { readFileSync } from 'node:fs'
import { join } from 'node:path'

type Env = Readonly<Record<string, string | undefined>>

export interface CaBundleChoice {
  /** The file to read, or undefined for the system store (plus NODE_EXTRA_CA_CERTS). */
  readonly path?: string
  /** Where it was named, for -v and error messages: "--cacert", "AWS_CA_BUNDLE", "ca_bundle in profile dev", … */
  readonly source: string
}

/**
 * The CA bundle that replaces the system store, first found wins: `--cacert` (call only), then
 * the AWS CLI's `AWS_CA_BUNDLE` and the profile's `ca_bundle`, then curl's `CURL_CA_BUNDLE`
 * and `SSL_CERT_FILE`. AWS SDK clients (STS, SSO, EC2, …) use the same list without `--cacert`,
 * which names the API's CA, not AWS's. The config file is read with a few lines of parsing,
 * not the SDK's loader: `call` pays for it on every run.
 */
export function chooseCaBundle(env: Env, profile: string | undefined, flag?: string): CaBundleChoice {
  if (flag) return { path: flag, source: '--cacert' }
  if (env.AWS_CA_BUNDLE) return { path: env.AWS_CA_BUNDLE, source: 'AWS_CA_BUNDLE' }
  const name = profile || env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default'
  const fromProfile = profileSetting(env, name, 'ca_bundle')
  if (fromProfile) return { path: expandHome(fromProfile, env), source: `ca_bundle in profile ${name}` }
  if (env.CURL_CA_BUNDLE) return { path: env.CURL_CA_BUNDLE, source: 'CURL_CA_BUNDLE' }
  if (env.SSL_CERT_FILE) return { path: env.SSL_CERT_FILE, source: 'SSL_CERT_FILE' }
  return { source: 'system store' }
}

const expandHome = (p: string, env: Env) => (p.startsWith('~/') && env.HOME ? join(env.HOME, p.slice(2)) : p)

/** The path of the shared config file, as the AWS CLI finds it. */
export function configFilePath(env: Env): string | undefined {
  if (env.AWS_CONFIG_FILE) return expandHome(env.AWS_CONFIG_FILE, env)
  return env.HOME ? join(env.HOME, '.aws', 'config') : undefined
}

/** One key of one profile in ~/.aws/config (`[default]` or `[profile NAME]`), or undefined. */
export function profileSetting(env: Env, profile: string, key: string): string | undefined {
  const file = configFilePath(env)
  if (!file) return undefined
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  let inSection = false
  let value: string | undefined
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+/, '')
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const section = /^\[\s*([^\]]*?)\s*\]/.exec(line)
    if (section) {
      const name = section[1]!.replace(/^profile\s+/, '')
      inSection = name === profile && (profile === 'default' || section[1]!.startsWith('profile'))
      continue
    }
    if (!inSection || /^\s/.test(raw)) continue
    const kv = /^([^=]+?)\s*=\s*(.*?)\s*$/.exec(line)
    if (kv && kv[1] === key) value = kv[2]
  }
  return value || undefined
}
