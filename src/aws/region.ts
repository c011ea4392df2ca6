/**
 * The signing region: --region, else what the host name says (execute-api and vpce names
 * carry it), else the AWS configuration (AWS_REGION, AWS_DEFAULT_REGION, the profile's
 * `region` in ~/.aws/config). The shared-config loader is imported only when needed.
 */
export async function resolveRegion(opts: {
  readonly explicit?: string
  readonly fromHost?: string
  readonly profile?: string
  readonly env: Readonly<Record<string, string | undefined>>
}): Promise<string | undefined> {
  if (opts.explicit) return opts.explicit
  if (opts.fromHost) return opts.fromHost
  const fromEnv = opts.env.AWS_REGION || opts.env.AWS_DEFAULT_REGION
  if (fromEnv) return fromEnv
  try {
    const { loadSharedConfigFiles } = await import('@smithy/core/config')
    const files = await loadSharedConfigFiles()
    const profile = opts.profile || opts.env.AWS_PROFILE || opts.env.AWS_DEFAULT_PROFILE || 'default'
    return files.configFile?.[profile]?.region || undefined
  } catch {
    return undefined
  }
}

export { REGION_PATTERN } from '../core/region-name.js'
